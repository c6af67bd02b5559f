using MemoryPack;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Data;

/// <summary>A dataset cut into partitions but not yet loaded: the schema and one source per partition.</summary>
[MemoryPackable]
public sealed partial record DatasetPlan(DatasetSchema Schema, IReadOnlyList<PartitionSource> Partitions)
{
    /// <summary>The file every partition reads.</summary>
    public string Path => Partitions[0].Path;

    /// <summary>Bytes the partitions read in all, for progress (<see cref="PartitionSource.Bytes"/>).</summary>
    [MemoryPackIgnore]
    public long Bytes => Partitions.Sum(p => p.Bytes);

    /// <summary>True when the dataset must be profiled before it loads (<see cref="DatasetPreparation"/>).</summary>
    [MemoryPackIgnore]
    public bool NeedsPreparation => Schema.NeedsPreparation;

    /// <summary>The same partitions, loaded to be profiled: each keeps its columns' profile, not its rows.</summary>
    public DatasetPlan ForProfiling() => With(Schema with { Profiling = true });

    /// <summary>The same partitions, read with <paramref name="pipeline"/>: the features are the ones it makes.</summary>
    public DatasetPlan WithPipeline(FeaturePipeline pipeline) =>
        With(Schema with { Pipeline = pipeline, Preparation = null, FeatureNames = pipeline.FeatureNames() });

    private DatasetPlan With(DatasetSchema schema) => new(schema, [.. Partitions.Select(p => p with { Schema = schema })]);
}
