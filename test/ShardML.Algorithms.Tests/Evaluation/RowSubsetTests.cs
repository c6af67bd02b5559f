using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using Xunit;

namespace ShardML.Algorithms.Tests.Evaluation;

/// <summary>Validation splits and folds: the same rows under any partitioning, disjoint, covering, numbered as a file of their own.</summary>
public sealed class RowSubsetTests : IDisposable
{
    private const int Rows = 1000;
    private readonly DataDirectory _files = new();
    private readonly string _path;

    public RowSubsetTests()
    {
        // The label is the row's number in the file, so a view's labels say which rows it holds.
        var table = new Table(["x"], [.. Enumerable.Range(0, Rows).Select(i => new[] { (float)(i % 7) })], [.. Enumerable.Range(0, Rows).Select(i => (float)i)]);
        _path = _files.WriteCsv("rows.csv", table);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_split_is_the_same_for_1_2_and_7_partitions_and_no_row_is_in_both()
    {
        List<long>? firstTraining = null, firstValidation = null;
        foreach (var partitions in new[] { 1, 2, 7 })
        {
            await using var executor = await DataDirectory.LoadAsync(_path, partitions);
            Assert.Equal(partitions, executor.Dataset.PartitionCount);
            var training = await RowsOf(executor, RowSubset.Training(42, 0.2));
            var validation = await RowsOf(executor, RowSubset.Validation(42, 0.2));
            Assert.Empty(training.Intersect(validation));
            Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), training.Concat(validation).Order());
            Assert.InRange(validation.Count, 150, 250);
            Assert.Equal(firstTraining ??= training, training);
            Assert.Equal(firstValidation ??= validation, validation);
        }

        await using var other = await DataDirectory.LoadAsync(_path, 3);
        Assert.NotEqual(firstValidation, await RowsOf(other, RowSubset.Validation(43, 0.2))); // the seed keys the split
    }

    [Fact]
    public async Task Folds_partition_the_rows_and_each_trains_on_the_others()
    {
        await using var executor = await DataDirectory.LoadAsync(_path, 7);
        const int folds = 5;
        var held = new List<List<long>>();
        for (var k = 0; k < folds; k++)
        {
            var heldOut = await RowsOf(executor, RowSubset.Fold(7, k, folds, heldOut: true));
            var training = await RowsOf(executor, RowSubset.Fold(7, k, folds, heldOut: false));
            Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), heldOut.Concat(training).Order());
            Assert.Empty(heldOut.Intersect(training));
            Assert.InRange(heldOut.Count, 140, 260);
            held.Add(heldOut);
        }

        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), held.SelectMany(h => h).Order()); // every row in exactly one fold
    }

    [Fact]
    public async Task A_view_numbers_its_rows_from_zero_in_file_order_and_counts_only_them()
    {
        await using var executor = await DataDirectory.LoadAsync(_path, 7);
        var subset = RowSubset.Validation(42, 0.3);
        var view = await RowSubsetExecutor.CreateAsync(executor, subset, "validation split", CancellationToken.None);
        var seen = await view.RunAsync(new LabelsStep(), CancellationToken.None);
        Assert.Equal(view.Dataset.TotalRows, seen.Labels.Count);
        Assert.Equal(Enumerable.Range(0, seen.Labels.Count).Select(i => (long)i), seen.Numbers); // the subset's own global numbering
        Assert.Equal(seen.Labels.Order(), seen.Labels); // file order
        Assert.All(seen.Labels, r => Assert.True(subset.Contains(r)));
    }

    [Fact]
    public void An_empty_or_whole_validation_fraction_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RowSubset.Validation(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowSubset.Training(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RowSubset.Fold(1, 0, 1, true));
    }

    private static async Task<List<long>> RowsOf(IPartitionExecutor executor, RowSubset subset)
    {
        var view = await RowSubsetExecutor.CreateAsync(executor, subset, "subset", CancellationToken.None);
        var labels = (await view.RunAsync(new LabelsStep(), CancellationToken.None)).Labels;
        await view.DropAsync(CancellationToken.None);
        return labels;
    }

    /// <summary>Each row's label and the number the step was told it has (first row + index).</summary>
    private sealed class LabelsStep : IPartitionStep<LabelList>
    {
        public LabelList Run(Partition partition, StepContext context) =>
            new([.. partition.Labels!.Select(l => (long)l)], [.. Enumerable.Range(0, partition.RowCount).Select(i => context.FirstRow + i)]);
    }

    private sealed class LabelList(List<long> labels, List<long> numbers) : Summary<LabelList>
    {
        public List<long> Labels { get; } = labels;

        public List<long> Numbers { get; } = numbers;

        public override LabelList Merge(LabelList higher)
        {
            Labels.AddRange(higher.Labels);
            Numbers.AddRange(higher.Numbers);
            return this;
        }
    }
}
