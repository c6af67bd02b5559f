using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void Reads_features_row_major_and_the_label_from_its_named_column()
    {
        var path = _files.Write("d.csv", "a,y,b\n1,10,2\n3,30,4\n");

        var partition = Assert.Single(TempFiles.Load(path, 1, label: "y"));

        Assert.Equal(new float[] { 1, 2, 3, 4 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 10, 30 }, partition.Labels);
        Assert.Equal(2, partition.Dense.Columns);
    }

    [Fact]
    public void Without_a_label_every_column_is_a_feature()
    {
        var path = _files.Write("d.csv", "a,b\n1,2\n3,4\n");

        var partition = Assert.Single(TempFiles.Load(path, 1, hasLabel: false));

        Assert.Null(partition.Labels);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, partition.Dense!.AllRows.ToArray());
    }

    [Fact]
    public void Windows_line_endings_a_byte_order_mark_and_a_missing_final_newline_are_accepted()
    {
        var path = _files.Write("d.csv", "\uFEFFa,y\r\n1,2\r\n3,4");

        var partition = Assert.Single(TempFiles.Load(path, 1));

        Assert.Equal(new float[] { 1, 3 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 2, 4 }, partition.Labels);
    }

    [Fact]
    public void A_number_in_a_quoted_field_is_a_number()
    {
        var path = _files.Write("d.csv", "a,b,y\n\"1.5\",2,\"3\"\n4,\" 5 \",6\n");

        var partition = Assert.Single(TempFiles.Load(path, 1));

        Assert.Equal(new float[] { 1.5f, 2, 4, 5 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 3, 6 }, partition.Labels);
    }

    [Fact]
    public void Blank_lines_are_not_rows_and_labels_have_exactly_one_value_per_row()
    {
        var path = _files.Write("d.csv", "a,y\n\n1,2\n\n\n\n\n\n3,4\n\n5,6\n\n");

        var partition = Assert.Single(TempFiles.Load(path, 1));

        Assert.Equal(3, partition.RowCount);
        Assert.Equal(new float[] { 1, 3, 5 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 2, 4, 6 }, partition.Labels);
    }

    [Theory]
    [InlineData("a,y\n1,2\n3,abc\n", 3, 2, "'abc' is not a number")]
    [InlineData("a,y\n1,2\nq,4\n", 3, 1, "'q' is not a number")]
    [InlineData("a,b,y\n1,2,3\n4,5\n", 3, 0, "expected 3 columns but found 2")]
    [InlineData("a,b,y\n1,2,3\n4,5,6,7\n", 3, 0, "expected 3 columns but found 4")]
    [InlineData("a,y\n1,2\n3,\n", 3, 2, "missing label 'y'")]
    [InlineData("a,y\n1,2\n\"\",4\n", 3, 1, "column 'a': a missing value (empty); fill missing values with `Missing`")]
    [InlineData("a,b,y\n1,2,3\n4,\"5\n\",6\n7,8,9\n", 3, 2, "a quoted field runs over a line break")]
    [InlineData("a,y\n1,2\n,4\n", 3, 1, "column 'a': a missing value (empty)")]
    [InlineData("a,y\nNaN,2\n", 2, 1, "column 'a': a missing value ('NaN')")]
    [InlineData("a,y\n1,2\n3,NA\n", 3, 2, "missing label 'y' ('NA')")]
    [InlineData("a,y\n1,2\n3,Infinity\n", 3, 2, "values must be finite")]
    [InlineData("a,y\n1,-Infinity\n", 2, 2, "values must be finite")]
    public void A_bad_value_names_the_file_line_and_column(string content, long line, int column, string problem)
    {
        var path = _files.Write("bad.csv", content);

        var error = TempFiles.LoadError(path);

        Assert.Equal(path, error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(column == 0 ? $"{path}:{line}: " : $"{path}:{line}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_deep_in_a_later_partition_reports_the_line_in_the_whole_file()
    {
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => i == 87 ? "1,oops\n" : $"{i},{i}\n"));
        var path = _files.Write("bad.csv", "a,y\n" + rows);

        var error = TempFiles.LoadError(path, partitions: 4);

        Assert.Equal(89, error.Line); // header is line 1, row i is line i + 2
        Assert.Equal(2, error.Column);
    }

    [Theory]
    [InlineData("", "file is empty")]
    [InlineData("a,y\n", "no data rows")]
    [InlineData("a,y", "no data rows")]
    public void An_empty_file_or_a_header_alone_is_refused(string content, string problem)
    {
        var path = _files.Write("empty.csv", content);

        var error = TempFiles.LoadError(path);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_column_that_is_not_in_the_header_is_refused_with_the_columns_listed()
    {
        var path = _files.Write("d.csv", "a,b\n1,2\n");

        var error = TempFiles.LoadError(path, label: "price");

        Assert.Equal(1, error.Line);
        Assert.Contains("'price' is not in the header; columns are 'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_named_twice_is_refused()
    {
        var path = _files.Write("d.csv", "a,b,a\n1,2,3\n");

        var error = TempFiles.LoadError(path);

        Assert.Equal((1L, 3), (error.Line, error.Column));
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_changed_after_planning_is_not_reloaded_from_different_data()
    {
        var path = _files.Write("d.csv", "a,y\n1,2\n3,4\n");
        var plan = ShardML.Core.Data.DatasetPlanner.Plan(new() { Path = path }, 1);
        File.AppendAllText(path, "5,6\n");

        var error = Assert.Throws<ShardML.Core.Data.PartitionSourceUnavailableException>(() => ShardML.Core.Data.PartitionLoader.Load(plan.Partitions[0]));

        Assert.Contains("differs from the one planned", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
