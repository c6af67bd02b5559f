using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// Cuts a <see cref="Table"/> into partitions held in memory (dense or CSR, empty ones allowed) and runs a step on
/// them the way an executor does: each partition with its global first row, summaries merged by <see cref="MergeTree"/>.
/// </summary>
public static class MemoryPartitions
{
    /// <summary>Runs <paramref name="step"/> on one partition holding every row.</summary>
    public static TSummary RunWhole<TSummary>(IPartitionStep<TSummary> step, Table table, bool sparse)
        where TSummary : class, ISummary =>
        step.Run(Build(table, 0, table.Count, 0, sparse), new StepContext(0, 0, CancellationToken.None));

    /// <summary>Runs <paramref name="step"/> on partitions <c>[bounds[p], bounds[p+1])</c> and merges in tree order.</summary>
    public static TSummary RunSplit<TSummary>(IPartitionStep<TSummary> step, Table table, int[] bounds, bool sparse)
        where TSummary : class, ISummary
    {
        var leaves = new ISummary[bounds.Length - 1];
        for (var p = 0; p < leaves.Length; p++)
        {
            var partition = Build(table, bounds[p], bounds[p + 1] - bounds[p], p, sparse);
            leaves[p] = step.Run(partition, new StepContext(p, bounds[p], CancellationToken.None));
        }

        return (TSummary)MergeTree.Reduce(leaves);
    }

    /// <summary>
    /// Seeded random partition boundaries: 1 to 9 partitions of uneven sizes, some of them empty; the first is 0
    /// and the last is <paramref name="rows"/>.
    /// </summary>
    public static IEnumerable<int[]> RandomSplits(int rows, int count, int seed)
    {
        var random = new Random(seed);
        for (var s = 0; s < count; s++)
        {
            var partitions = 1 + (s % 9);
            var cuts = Enumerable.Range(0, partitions - 1)
                .Select(_ => random.Next(4) == 0 ? rows / 2 : random.Next(rows + 1)) // repeated cuts make empty partitions
                .Order();
            yield return [0, .. cuts, rows];
        }
    }

    public static Partition Build(Table table, int start, int count, int index, bool sparse)
    {
        var d = table.Dimension;
        var labelled = table.Labels is not null;
        var schema = new DatasetSchema(
            sparse ? DataFormat.LibSvm : DataFormat.Csv,
            table.FeatureNames,
            sparse ? [] : Enumerable.Range(0, d).ToArray(),
            labelled ? table.LabelName : null,
            labelled ? (sparse ? 0 : d) : -1,
            sparse ? 0 : d + (labelled ? 1 : 0),
            ',',
            sparse ? 1 : 2);
        var source = new PartitionSource("memory", start, start + count, index, schema, table.Count, 0);
        var labels = table.Labels?.AsSpan(start, count).ToArray();
        if (!sparse)
        {
            var values = table.Rows.Skip(start).Take(count).SelectMany(r => r).ToArray();
            return Partition.FromDense(source, new DenseMatrix(values, count, d), labels);
        }

        var rowStarts = new List<int> { 0 };
        var indices = new List<int>();
        var nonZeros = new List<float>();
        for (var i = start; i < start + count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                if (table.Rows[i][j] != 0)
                {
                    indices.Add(j);
                    nonZeros.Add(table.Rows[i][j]);
                }
            }

            rowStarts.Add(indices.Count);
        }

        return Partition.FromSparse(source, new SparseMatrix([.. rowStarts], [.. indices], [.. nonZeros], count, d), labels);
    }
}
