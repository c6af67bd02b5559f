using ShardML.Bench;
using ShardML.Core.Data;

namespace ShardML.Benchmarks;

/// <summary>One in-memory partition of a generated dataset, the unit every step runs on.</summary>
internal static class Partitions
{
    /// <summary>A partition whose labels are the class codes of <paramref name="classes"/>, as a categorical load gives them.</summary>
    public static Partition Classified(SyntheticData data, string[] classes)
    {
        var dense = Dense(data);
        var vocabulary = new LabelVocabulary(classes, new long[classes.Length], new int[classes.Length]);
        return Partition.FromDense(dense.Source, dense.Dense!, dense.Labels, vocabulary);
    }

    /// <summary>Generated blobs with their blob as the label, classes "0" to "k − 1".</summary>
    public static Partition Blobs(BlobData data)
    {
        var rows = (int)data.Rows;
        var features = new float[rows * data.Features];
        var labels = new float[rows];
        data.Fill(0, features, labels);
        var classes = Enumerable.Range(0, data.Clusters).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var names = Enumerable.Range(0, data.Features).Select(f => "x" + f).ToArray();
        var schema = new DatasetSchema(DataFormat.Csv, names, [.. Enumerable.Range(0, data.Features)], "y", data.Features, data.Features + 1, ',', 2);
        var source = new PartitionSource("generated", 0, rows, 0, schema, rows, 0);
        var vocabulary = new LabelVocabulary(classes, new long[classes.Length], new int[classes.Length]);
        return Partition.FromDense(source, new DenseMatrix(features, rows, data.Features), labels, vocabulary);
    }

    public static Partition Dense(SyntheticData data)
    {
        var rows = (int)data.Rows;
        var features = new float[rows * data.Features];
        var labels = new float[rows];
        data.Fill(0, features, labels);
        var names = Enumerable.Range(0, data.Features).Select(f => "x" + f).ToArray();
        var schema = new DatasetSchema(DataFormat.Csv, names, [.. Enumerable.Range(0, data.Features)], data.HasLabel ? "y" : null, data.HasLabel ? data.Features : -1, data.Features + (data.HasLabel ? 1 : 0), ',', 2);
        var source = new PartitionSource("generated", 0, rows, 0, schema, rows, 0);
        return Partition.FromDense(source, new DenseMatrix(features, rows, data.Features), data.HasLabel ? labels : null);
    }
}
