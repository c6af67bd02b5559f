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
    [InlineData("1 1:1\n2 2147483647:1\n", 2, 3, "index 2147483647 is beyond the 16,777,216 features ShardML supports")]
    [InlineData("1 99999999999:1\n", 1, 3, "index 99999999999 is beyond the 16,777,216 features")]
    [InlineData("1 99999999999999999999999:1\n", 1, 3, "index 99999999999999999999999 is beyond the 16,777,216 features")]
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

    [Fact]
    public void Values_have_the_bits_the_runtime_parser_gives_the_same_text()
    {
        // Shortest round-trip text, long and padded decimals, exponents, signs, subnormals, halfway cases and the
        // largest finite float: every one must read as float.Parse reads it.
        var random = new Random(11);
        var texts = new List<string> { "0", "-0", "+3", ".5", "5.", "1e-45", "1.4e-45", "3.4028235e38", "-1E+3", "0.1", "16777217", "1.00000005960464477539062", "7.006492e-46" };
        for (var i = 0; i < 2000; i++)
        {
            var bits = random.Next();
            var value = BitConverter.Int32BitsToSingle(bits & 0x7F7FFFFF);
            texts.Add(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            texts.Add(((double)value * (1 + (random.NextDouble() * 1e-7))).ToString("E17", System.Globalization.CultureInfo.InvariantCulture));
            texts.Add((random.NextDouble() * 200 - 100).ToString("F" + random.Next(0, 12), System.Globalization.CultureInfo.InvariantCulture));
        }

        var path = _files.Write("v.svm", string.Concat(texts.Select(t => $"1 1:{t}\n")));
        var partition = Assert.Single(TempFiles.Load(path, 1));

        var expected = texts.Select(t => BitConverter.SingleToInt32Bits(float.Parse(t, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(expected, partition.Sparse!.Values[..texts.Count].Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    public void Dispose() => _files.Dispose();
}
