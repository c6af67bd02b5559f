using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using MemoryPack;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Tests.Data.Preprocessing;

public sealed class FeaturePipelineTests
{
    private static readonly FeaturePipeline Pipeline = new()
    {
        Columns =
        [
            new ColumnTransform { Name = "age", Fill = 40.5f },
            new ColumnTransform { Name = "color", Encoding = ColumnEncoding.OneHot, Categories = ["blue", "red"], FillCategory = "red" },
            new ColumnTransform { Name = "city", Encoding = ColumnEncoding.Hashed, Buckets = 8 },
        ],
        Missing = MissingValues.Mean,
    };

    [Fact]
    public void Names_its_features_column_by_column()
    {
        Assert.Equal(["age", "color=blue", "color=red", "color=<other>", "city#0", "city#1", "city#2", "city#3", "city#4", "city#5", "city#6", "city#7"], Pipeline.FeatureNames());
        Assert.Equal(12, Pipeline.Width);
        Assert.Equal([0, 1, 4], Pipeline.Offsets());
        Assert.False(Pipeline.IsSparse);
        Assert.Null(Pipeline.Problem());
    }

    [Fact]
    public void Encodes_a_row_an_unseen_category_to_the_other_slot_and_a_missing_value_to_its_fill()
    {
        var row = Pipeline.Encode(["31", "green", "Oslo"]);
        var filled = Pipeline.Encode([null, "NA", ""]);

        Assert.Equal(31f, row[0]);
        Assert.Equal([0f, 0f, 1f], row[1..4]);
        Assert.Equal(1f, row[4 + Bucket("Oslo", 8)]);
        Assert.Equal(1f, row[4..].Sum());
        Assert.Equal(40.5f, filled[0]);
        Assert.Equal([0f, 1f, 0f], filled[1..4]);
        Assert.Equal(0f, filled[4..].Sum()); // a hashed column's missing value is in no bucket
    }

    [Fact]
    public void A_missing_value_that_is_not_filled_is_refused_naming_the_column_and_the_option()
    {
        var error = Assert.Throws<ArgumentException>(() => (Pipeline with { Missing = MissingValues.Error }).Encode(["", "red", "x"]));

        Assert.Contains("column 'age': a missing value", error.Message, StringComparison.Ordinal);
        Assert.Contains("`Missing`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_hashes_to_xxhash32_of_its_utf8_bytes_modulo_the_buckets()
    {
        foreach (var text in new[] { "Oslo", "Zürich", "", "北京" })
        {
            Assert.Equal((int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(text)) % 1000), CategoryHash.Bucket(text, 1000));
        }
    }

    [Fact]
    public void Round_trips_through_json_and_memorypack_without_its_notes_in_json()
    {
        var pipeline = Pipeline with { Notes = ["a note"] };
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        var json = JsonSerializer.Serialize(pipeline, options);
        var fromJson = JsonSerializer.Deserialize<FeaturePipeline>(json, options)!;
        var fromBytes = MemoryPackSerializer.Deserialize<FeaturePipeline>(MemoryPackSerializer.Serialize(pipeline))!;

        Assert.DoesNotContain("a note", json, StringComparison.Ordinal);
        Assert.Equal(pipeline.FeatureNames(), fromJson.FeatureNames());
        Assert.Equal(pipeline.FeatureNames(), fromBytes.FeatureNames());
        Assert.Equal(["a note"], fromBytes.Notes);
        Assert.Equal(40.5f, fromJson.Columns[0].Fill);
        Assert.Equal("red", fromJson.Columns[1].FillCategory);
    }

    [Fact]
    public void A_wide_encoding_is_sparse()
    {
        var wide = new FeaturePipeline { Columns = [new ColumnTransform { Name = "x" }, new ColumnTransform { Name = "city", Encoding = ColumnEncoding.Hashed, Buckets = 64 }] };

        Assert.True(wide.IsSparse);
        Assert.Equal(1f, wide.Encode(["2", "Rome"])[1 + Bucket("Rome", 64)]);
    }

    [Theory]
    [InlineData("unsorted")]
    [InlineData("unknown fill")]
    [InlineData("no buckets")]
    [InlineData("no fill")]
    public void A_hand_edited_pipeline_says_what_is_wrong(string edit)
    {
        var bad = edit switch
        {
            "unsorted" => Pipeline with { Columns = [Pipeline.Columns[0], Pipeline.Columns[1] with { Categories = ["red", "blue"] }] },
            "unknown fill" => Pipeline with { Columns = [Pipeline.Columns[1] with { FillCategory = "pink" }] },
            "no buckets" => Pipeline with { Columns = [Pipeline.Columns[2] with { Buckets = 0 }] },
            _ => Pipeline with { Columns = [Pipeline.Columns[0] with { Fill = null }] },
        };

        Assert.NotNull(bad.Problem());
    }

    private static int Bucket(string text, int buckets) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(text)) % (uint)buckets);
}
