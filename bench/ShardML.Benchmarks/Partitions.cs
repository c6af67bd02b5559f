using ShardML.Bench;
using ShardML.Core.Data;

namespace ShardML.Benchmarks;

/// <summary>One in-memory partition of a generated dataset, the unit every step runs on.</summary>
internal static class Partitions
{
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
