namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Which way a reader reads a partition: its fast path of plain numbers, or value by value into an
/// <see cref="IRowSink"/> — when the schema profiles, encodes with a pipeline, or keeps columns as text.
/// </summary>
internal static class RowSinks
{
    /// <summary>True when the partition is read value by value into a sink.</summary>
    public static bool Apply(DatasetSchema schema) => schema.Profiling || schema.Pipeline is not null || schema.KeepColumns is not null;

    /// <summary>The sink for a partition of at most <paramref name="capacity"/> rows: a profiler, or the encoder of the schema's pipeline (numbers as they are without one).</summary>
    public static IRowSink Create(DatasetSchema schema, int capacity) => schema.Profiling
        ? new ProfileBuilder(schema.Preparation!, schema.FeatureNames)
        : new PipelineRows(schema.Pipeline ?? FeaturePipeline.Numbers(schema.FeatureNames, MissingValues.Error), schema.Missing, capacity, schema.TrainedWith);

    /// <summary>The partition a sink built, with the labels, vocabulary, kept columns and dropped rows its reader found.</summary>
    public static Partition Finish(IRowSink sink, PartitionSource source, float[]? labels, LabelVocabulary? vocabulary, string[][]? kept, long dropped)
    {
        if (sink is ProfileBuilder profiler)
        {
            return Partition.FromProfile(source, profiler.Finish(dropped), dropped);
        }

        var (dense, sparse) = ((PipelineRows)sink).Finish();
        var partition = dense is not null
            ? Partition.FromDense(source, dense, labels, vocabulary)
            : Partition.FromSparse(source, sparse!, labels, vocabulary);
        partition.Kept = kept;
        partition.DroppedRows = dropped;
        return partition;
    }
}
