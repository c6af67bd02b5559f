using System.Globalization;
using System.Text.Json;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data.Preprocessing;

public sealed class ColumnProfileTests : IDisposable
{
    private static readonly string[] Colors = ["red", "green", "blue", "teal", "pink", "gray", "gold"];

    private readonly TempFiles _files = new();

    /// <summary>Rows of a price, a color (skewed: red most often), a city of many values and a label; some values missing.</summary>
    private string Shop(int rows = 600)
    {
        var text = new System.Text.StringBuilder("price,color,city,y\n");
        for (var i = 0; i < rows; i++)
        {
            var price = i % 13 == 0 ? "" : (i * 7 % 101 + 0.25).ToString(CultureInfo.InvariantCulture);
            var color = i % 17 == 0 ? "NA" : Colors[i * i % 11 % Colors.Length];
            text.Append(CultureInfo.InvariantCulture, $"{price},{color},c{i * 31 % 97},{i % 2}\n");
        }

        return _files.Write("shop.csv", text.ToString());
    }

    [Theory]
    [InlineData(MissingValues.Mean)]
    [InlineData(MissingValues.Median)]
    [InlineData(MissingValues.MostFrequent)]
    public void Learns_the_same_pipeline_from_1_3_and_8_partitions(MissingValues missing)
    {
        var options = new DatasetOptions { Path = Shop(), Missing = missing, MaximumCategories = 5 };

        var pipelines = new[] { 1, 3, 8 }.Select(p => TempFiles.Prepare(options, p).Schema.Pipeline!).ToArray();

        var json = pipelines.Select(p => JsonSerializer.Serialize(p with { Columns = [.. p.Columns.Select(c => c with { Fill = c.Fill is { } f ? MathF.Round(f, 4) : null })] })).ToArray();
        Assert.Equal(json[0], json[1]);
        Assert.Equal(json[0], json[2]);
        Assert.Equal(pipelines[0].Notes, pipelines[2].Notes);
        if (missing != MissingValues.Mean)
        {
            Assert.Equal(pipelines[0].Columns[0].Fill, pipelines[2].Columns[0].Fill); // the sketch's bits, not a rounding
        }
    }

    [Fact]
    public void Merging_profiles_is_associative_and_does_not_depend_on_the_partitioning()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = Shop(), Missing = MissingValues.Median }, 6).ForProfiling();
        var leaves = plan.Partitions.Select(p => new ColumnProfileStep().Run(PartitionLoader.Load(p), default)).ToArray();

        var tree = (ColumnProfiles)MergeTree.Reduce([.. leaves.Select(l => l.Clone())]);
        var sequential = leaves.Select(l => l.Clone()).Aggregate((a, b) => a.Merge(b));
        var grouped = leaves[0].Clone().Merge(leaves[1].Clone().Merge(leaves[2].Clone())).Merge(leaves[3].Clone().Merge(leaves[4].Clone().Merge(leaves[5].Clone())));

        foreach (var merged in new[] { sequential, grouped })
        {
            Assert.Equal(tree.Rows, merged.Rows);
            for (var c = 0; c < tree.Columns.Length; c++)
            {
                Assert.Equal(tree.Columns[c].Count, merged.Columns[c].Count);
                Assert.Equal(tree.Columns[c].Missing, merged.Columns[c].Missing);
                Assert.Equal(tree.Columns[c].Texts, merged.Columns[c].Texts);
                Assert.Equal(tree.Columns[c].TextCounts, merged.Columns[c].TextCounts);
                Assert.Equal(tree.Columns[c].Sketch?.Keys, merged.Columns[c].Sketch?.Keys);
                Assert.Equal(tree.Columns[c].Sum, merged.Columns[c].Sum, 9);
            }
        }

        Assert.Equal(600, tree.Rows);
        Assert.Equal(47, tree.Columns[0].Missing); // every 13th price
        Assert.Equal(36, tree.Columns[1].Missing); // every 17th color
    }

    [Fact]
    public void Keeps_the_most_frequent_categories_sorted_and_fills_numbers_and_text_as_asked()
    {
        var pipeline = TempFiles.Prepare(new DatasetOptions { Path = Shop(), Missing = MissingValues.Mean, MaximumCategories = 3 }, 2).Schema.Pipeline!;
        var colors = Enumerable.Range(0, 600).Where(i => i % 17 != 0).Select(i => Colors[i * i % 11 % Colors.Length]).ToArray();
        var top = colors.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        var prices = Enumerable.Range(0, 600).Where(i => i % 13 != 0).Select(i => i * 7 % 101 + 0.25).ToArray();

        Assert.Equal(top.Take(3).Order(StringComparer.Ordinal), pipeline.Columns[1].Categories);
        Assert.Equal(top[0], pipeline.Columns[1].FillCategory);
        Assert.Equal((float)prices.Average(), pipeline.Columns[0].Fill!.Value, 5);
        Assert.Contains(pipeline.Notes, n => n.Contains($"column 'color' has {top.Length} distinct values: the 3 most frequent are one-hot encoded", StringComparison.Ordinal));
        Assert.Equal(["price", "color=", "color=", "color=", "color=<other>"], pipeline.FeatureNames().Take(5).Select(n => n.Contains('=') && !n.EndsWith("<other>", StringComparison.Ordinal) ? "color=" : n));
    }

    [Fact]
    public void The_median_fill_is_the_exact_median_of_the_values_present()
    {
        var pipeline = TempFiles.Prepare(new DatasetOptions { Path = Shop(), Missing = MissingValues.Median }, 4).Schema.Pipeline!;
        var prices = Enumerable.Range(0, 600).Where(i => i % 13 != 0).Select(i => (float)(i * 7 % 101 + 0.25)).Order().ToArray();

        Assert.Equal((float)((prices[(prices.Length / 2) - 1] + (double)prices[prices.Length / 2]) / 2), pipeline.Columns[0].Fill);
    }

    [Fact]
    public void A_column_with_more_values_than_the_categories_is_hashed_when_buckets_are_asked_for()
    {
        var pipeline = TempFiles.Prepare(new DatasetOptions { Path = Shop(), Ignore = ["color"], Missing = MissingValues.Drop, MaximumCategories = 50, HashBuckets = 16 }, 3).Schema.Pipeline!;

        Assert.Equal(ColumnEncoding.Hashed, pipeline.Columns[1].Encoding);
        Assert.Equal(16, pipeline.Columns[1].Buckets);
        Assert.Contains(pipeline.Notes, n => n.Contains("column 'city' has more than 50 distinct values: hashed into 16 buckets", StringComparison.Ordinal));
    }

    [Fact]
    public void Too_many_distinct_values_to_one_hot_is_an_error_naming_the_column_and_the_options()
    {
        var text = new System.Text.StringBuilder("id,x,y\n");
        for (var i = 0; i < PreprocessingRequest.MaximumDistinct + 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"u{i},{i % 3},1\n");
        }

        var path = _files.Write("ids.csv", text.ToString());

        var error = Assert.Throws<DataFormatException>(() => TempFiles.Prepare(new DatasetOptions { Path = path }, 1));

        Assert.Equal(path, error.FilePath);
        Assert.True(error.Line > 65_000);
        Assert.Equal(1, error.Column);
        Assert.Contains("column 'id' has more than 65,536 distinct values", error.Message, StringComparison.Ordinal);
        Assert.Contains("`HashBuckets`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_column_with_no_value_cannot_be_filled()
    {
        var path = _files.Write("empty.csv", "a,b,y\n,1,1\nNA,2,0\n");

        var error = Assert.Throws<DataFormatException>(() => TempFiles.Prepare(new DatasetOptions { Path = path, Missing = MissingValues.Median }, 1));

        Assert.Contains("column 'a' has no values at all", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
