using ShardML.Core.Data;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class CsvDialectTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData('\t')]
    public void A_separator_other_than_the_comma_splits_the_header_and_the_rows(char separator)
    {
        var path = _files.Write("d.txt.csv", $"a{separator}b{separator}y\n1.5{separator}2{separator}3\n4{separator}5{separator}6\n");

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, Separator = separator }, 2);
        var rows = plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();

        Assert.Equal(["a", "b"], plan.Schema.FeatureNames);
        Assert.Equal(new float[] { 1.5f, 2, 4, 5 }, rows.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(new float[] { 3, 6 }, rows.SelectMany(p => p.Labels!));
    }

    [Fact]
    public void Skipped_lines_before_the_header_are_passed_over_and_errors_keep_the_files_line_numbers()
    {
        // As scikit-learn ships wine_data.csv: a line of counts and class names before the rows.
        var path = _files.Write("d.csv", "\uFEFF3,2,class_0,class_1\nmade by hand\na,b,y\n1,2,0\n3,4,1\n5,x,1\n");

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, SkipLines = 2 }, 2);
        var error = Assert.Throws<DataFormatException>(() => plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray());
        var clean = _files.Write("e.csv", "3,2,class_0,class_1\n1,2,0\n3,4,1\n");
        var noHeader = DatasetPlanner.Plan(new DatasetOptions { Path = clean, SkipLines = 1, HasHeader = false }, 2);
        var rows = noHeader.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();

        Assert.Equal(["a", "b"], plan.Schema.FeatureNames);
        Assert.Equal(6, error.Line);
        Assert.Equal(2, error.Column);
        Assert.Equal(["c0", "c1"], noHeader.Schema.FeatureNames);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, rows.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(new float[] { 0, 1 }, rows.SelectMany(p => p.Labels!));
    }

    [Fact]
    public void Skipping_every_line_of_a_file_a_negative_count_or_lines_of_a_file_without_lines_is_refused()
    {
        var path = _files.Write("d.csv", "a,b\n1,2\n");
        var libsvm = _files.Write("d.libsvm", "1 1:2\n");

        var tooMany = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, SkipLines = 5 }, 1));
        var notCsv = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = libsvm, SkipLines = 1 }, 1));
        var negative = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, SkipLines = -1 }, 1));

        Assert.Contains("`SkipLines`", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("CSV only", notCsv.Message, StringComparison.Ordinal);
        Assert.Contains("`SkipLines` cannot be negative", negative.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tsv_file_is_tab_separated_by_its_extension()
    {
        var path = _files.Write("d.tsv", "a\tb\ty\n1\t2\t3\n");

        var partition = Assert.Single(TempFiles.Load(path, 1));

        Assert.Equal(new float[] { 1, 2 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 3 }, partition.Labels);
    }

    [Fact]
    public void Quoted_header_names_are_unquoted_as_pandas_writes_them_with_quote_all()
    {
        var path = _files.Write("d.csv", "\"a\",\"b, c\",\"the \"\"y\"\"\"\n\"1\",\"2\",\"3\"\n");

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, Label = "b, c" }, 1);
        var partition = PartitionLoader.Load(plan.Partitions[0]);

        Assert.Equal(["a", "the \"y\""], plan.Schema.FeatureNames);
        Assert.Equal("b, c", plan.Schema.LabelName);
        Assert.Equal(new float[] { 2 }, partition.Labels);
    }

    [Fact]
    public void Without_a_header_columns_are_named_by_position_every_line_is_a_row_and_the_label_is_the_last_unless_named()
    {
        var path = _files.Write("d.csv", "\uFEFF1,2,3\n4,5,6\n");

        var byDefault = DatasetPlanner.Plan(new DatasetOptions { Path = path, HasHeader = false }, 1);
        var named = DatasetPlanner.Plan(new DatasetOptions { Path = path, HasHeader = false, Label = "c0" }, 1);

        Assert.Equal(["c0", "c1"], byDefault.Schema.FeatureNames);
        Assert.Equal("c2", byDefault.Schema.LabelName);
        Assert.Equal(new float[] { 1, 2, 4, 5 }, PartitionLoader.Load(byDefault.Partitions[0]).Dense!.AllRows.ToArray());
        Assert.Equal(["c1", "c2"], named.Schema.FeatureNames);
        Assert.Equal(new float[] { 1, 4 }, PartitionLoader.Load(named.Partitions[0]).Labels);
    }

    [Fact]
    public void Without_a_header_an_error_names_the_line_counted_from_the_first_line()
    {
        var path = _files.Write("d.csv", "1,2\n3,x\n");

        var error = Assert.Throws<DataFormatException>(() => PartitionLoader.Load(DatasetPlanner.Plan(new DatasetOptions { Path = path, HasHeader = false }, 1).Partitions[0]));

        Assert.Equal((2L, 2), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("0.9417,1.5,3\n0.2,0.3,1\n")]
    [InlineData("\"1\",\"2\"\n3,4\n")]
    public void A_header_that_is_all_numbers_is_refused_at_line_one_with_a_hint(string content)
    {
        var path = _files.Write("d.csv", content);

        var error = TempFiles.LoadError(path);

        Assert.Equal((1L, 0), (error.Line, error.Column));
        Assert.Contains("the header looks like data", error.Message, StringComparison.Ordinal);
        Assert.Contains("if the file has no header, say so (`HasHeader`)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_some_numeric_names_is_a_header()
    {
        var path = _files.Write("d.csv", "2019,2020,total\n1,2,3\n");

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path }, 1);

        Assert.Equal(["2019", "2020"], plan.Schema.FeatureNames);
    }

    [Fact]
    public void Csv_options_are_refused_for_other_formats()
    {
        var path = _files.Write("d.svm", "1 1:2\n");

        var separator = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, Separator = ';' }, 1));
        var header = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, HasHeader = false }, 1));

        Assert.Contains("applies to CSV only", separator.Message, StringComparison.Ordinal);
        Assert.Contains("a file without a header (`HasHeader`) applies to CSV only", header.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
