using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class LibSvmReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void Reads_rows_as_csr_with_zero_based_indices_and_skips_comments_qid_and_blank_lines()
    {
        var path = _files.Write("d.svm", "# a comment\n1 1:0.5 3:2\n\n-1 qid:7 2:4 # trailing\n0\n");

        var partition = Assert.Single(TempFiles.Load(path, 1));
        var rows = partition.Sparse!;

        Assert.Equal(3, rows.Rows);
        Assert.Equal(3, rows.Columns);
        Assert.Equal(new[] { 0, 2, 3, 3 }, rows.RowStarts[..4]);
        Assert.Equal(new[] { 0, 2, 1 }, rows.Indices[..3]);
        Assert.Equal(new float[] { 0.5f, 2, 4 }, rows.Values[..3]);
        Assert.Equal(new float[] { 1, -1, 0 }, partition.Labels);
    }

    [Theory]
    [InlineData("1 3:1 2:1\n", 1, 7, "index 2 follows index 3")]
    [InlineData("1 2:1 2:5\n", 1, 7, "index 2 follows index 2")]
    [InlineData("1 1:1\n1 0:1\n", 2, 3, "index '0' is not a positive integer")]
    [InlineData("1 1:1\n1 x:1\n", 2, 3, "index 'x' is not a positive integer")]
    [InlineData("1 1:abc\n", 1, 5, "value 'abc' of index 1 is not a number")]
    [InlineData("1 1:nan\n", 1, 5, "value of index 1 must be finite")]
    [InlineData("1 1:1\n2:1 3:1\n", 2, 1, "missing label")]
    [InlineData("yes 1:1\n", 1, 1, "label 'yes' is not a number")]
    [InlineData("1 1:1 7\n", 1, 7, "'7' is not an index:value pair")]
    public void A_bad_token_names_the_file_line_and_character_column(string content, long line, int column, string problem)
    {
        var path = _files.Write("bad.svm", content);

        var error = TempFiles.LoadError(path);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feature_count_found_in_one_partition_is_the_largest_index_of_the_whole_file()
    {
        var path = _files.Write("d.svm", string.Concat(Enumerable.Range(0, 40).Select(i => i == 33 ? "1 1:1 900:1\n" : "0 2:1\n")));
        var plan = ShardML.Core.Data.DatasetPlanner.Plan(new() { Path = path }, 4);
        var partitions = plan.Partitions.Select(p => ShardML.Core.Data.PartitionLoader.Load(p)).ToArray();

        var loaded = ShardML.Core.Execution.LoadedDataset.FromPartitions(
            plan, partitions.Select(p => new ShardML.Core.Execution.PartitionLoadResult(p.Index, p.RowCount, p.Sparse!.Columns, p.MemoryBytes)).ToArray());

        Assert.Equal(900, loaded.Schema.FeatureCount);
        Assert.Equal("f900", loaded.Schema.FeatureNames[^1]);
        Assert.Equal(40, loaded.TotalRows);
    }

    public void Dispose() => _files.Dispose();
}
