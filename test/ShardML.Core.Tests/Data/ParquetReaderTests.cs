using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Tests.Support;
using ShardML.Testing;

namespace ShardML.Core.Tests.Data;

public sealed class ParquetReaderTests : IDisposable
{
    private static readonly string[] Kinds = ["cat", "dog", "bird"];

    private readonly TempFiles _files = new();

    /// <summary>
    /// Ten rows: an id, an int32, a float, a double, a boolean, a decimal, a nullable double without nulls and a text
    /// label, so every numeric kind and a class label are read.
    /// </summary>
    private static ParquetTable Animals(int rows = 10, int seed = 0) => new ParquetTable()
        .Add("id", Enumerable.Range(0, rows).Select(i => (long)(1000 + i + seed)).ToArray())
        .Add("legs", Enumerable.Range(0, rows).Select(i => (i + seed) % 5).ToArray())
        .Add("weight", Enumerable.Range(0, rows).Select(i => 0.1f * (i + seed) + 1.3f).ToArray())
        .Add("height", Enumerable.Range(0, rows).Select(i => (i + seed) / 3.0).ToArray())
        .Add("tame", Enumerable.Range(0, rows).Select(i => (i + seed) % 2 == 0).ToArray())
        .Add("price", Enumerable.Range(0, rows).Select(i => 12.5m + i + seed).ToArray())
        .AddNullable("age", Enumerable.Range(0, rows).Select(i => (double?)(i + seed + 0.5)).ToArray())
        .AddText("kind", Enumerable.Range(0, rows).Select(i => Kinds[(i + seed) % 3]).ToArray());

    [Fact]
    public void Reads_the_same_rows_labels_and_classes_as_the_equivalent_csv()
    {
        var table = Animals();
        var parquet = table.Write(_files.PathOf("animals.parquet"), rowsPerGroup: 3);
        var csv = _files.Write("animals.csv", table.ToCsv());
        var options = new DatasetOptions { Path = parquet, CategoricalLabel = true, Ignore = ["id"] };

        var fromParquet = Load(options, 1).Single();
        var fromCsv = Load(options with { Path = csv }, 1).Single();

        Assert.Equal(["legs", "weight", "height", "tame", "price", "age"], DatasetPlanner.Plan(options, 1).Schema.FeatureNames);
        Assert.Equal(fromCsv.Dense!.AllRows.ToArray(), fromParquet.Dense!.AllRows.ToArray());
        Assert.Equal(fromCsv.Labels, fromParquet.Labels);
        Assert.Equal(Kinds, fromParquet.LabelVocabulary!.Names);
        Assert.Equal(fromCsv.LabelVocabulary!.Names, fromParquet.LabelVocabulary.Names);
    }

    [Fact]
    public void Only_the_chosen_columns_are_read_in_the_given_order()
    {
        var parquet = Animals().Write(_files.PathOf("animals.parquet"), rowsPerGroup: 4);

        var partition = Load(new DatasetOptions { Path = parquet, Features = ["weight", "legs"], FeatureOrigin = FeatureOrigin.Choice, Label = "height" }, 1).Single();

        Assert.Equal(2, partition.Dense!.Columns);
        Assert.Equal([1.3f + 0.1f, 1], partition.Dense.Row(1).ToArray());
        Assert.Equal(1 / 3.0f, partition.Labels![1]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(10, 10)]
    [InlineData(25, 10)] // fewer groups than partitions: a partition per group
    public void Partitions_are_whole_row_groups_and_hold_every_row_once_in_order(int asked, int made)
    {
        var rows = 100;
        var table = new ParquetTable().Add("x", Enumerable.Range(0, rows).Select(i => (float)i).ToArray()).Add("y", new float[rows]);
        var parquet = table.Write(_files.PathOf("d.parquet"), rowsPerGroup: 10);

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = parquet }, asked);
        var partitions = plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();

        Assert.Equal(made, plan.Partitions.Count);
        Assert.All(plan.Partitions, p => Assert.True(p.End > p.Start));
        Assert.All(partitions, p => Assert.Equal(0, p.RowCount % 10));
        Assert.Equal(Enumerable.Range(0, rows).Select(i => (float)i), partitions.SelectMany(p => p.Dense!.AllRows.ToArray()));
    }

    [Fact]
    public void A_group_too_wide_for_one_scratch_batch_is_written_into_its_rows_a_batch_at_a_time()
    {
        const int rows = 60_000, features = 80; // 4.8 M values: the reader's 4 Mi-float scratch takes 69 columns, then 11
        var table = new ParquetTable();
        for (var j = 0; j < features; j++)
        {
            var column = j;
            table.Add($"x{j}", Enumerable.Range(0, rows).Select(r => (float)(r + (column * 65_536))).ToArray());
        }

        var parquet = table.Write(_files.PathOf("wide.parquet"), rowsPerGroup: rows);

        var partition = Load(new DatasetOptions { Path = parquet, HasLabel = false }, 1).Single();

        foreach (var r in new[] { 0, 1, 255, 256, 59_999 })
        {
            Assert.Equal(Enumerable.Range(0, features).Select(j => (float)(r + (j * 65_536))), partition.Dense!.Row(r).ToArray());
        }
    }

    [Fact]
    public void A_directory_of_part_files_is_one_dataset_in_name_order_and_each_partition_reloads_alone_from_its_bytes()
    {
        var directory = _files.Directory("spark-output");
        var first = Animals(7, seed: 0);
        var second = Animals(5, seed: 7);
        second.Write(Path.Combine(directory, "part-00001-abc.snappy.parquet"), rowsPerGroup: 3);
        first.Write(Path.Combine(directory, "part-00000-abc.snappy.parquet"), rowsPerGroup: 2);
        File.WriteAllText(Path.Combine(directory, "_SUCCESS"), string.Empty);
        File.WriteAllText(Path.Combine(directory, ".part-00000-abc.snappy.parquet.crc"), "not parquet");
        File.WriteAllText(Path.Combine(directory, "part-00000-abc.snappy.parquet.crc"), "not parquet");
        var csv = _files.Write("all.csv", Animals(12).ToCsv());
        var options = new DatasetOptions { Path = directory, CategoricalLabel = true, Ignore = ["id"] };

        var plan = DatasetPlanner.Plan(options, 2);
        var reloaded = plan.Partitions
            .Select(p => MemoryPackSerializer.Deserialize<PartitionSource>(MemoryPackSerializer.Serialize(p))!)
            .Select(p => PartitionLoader.Load(p))
            .ToArray();
        var expected = Load(options with { Path = csv }, 1).Single();

        Assert.Equal(2, plan.Partitions.Count);
        Assert.Equal(6, plan.Partitions[^1].End); // 4 groups, then 2
        Assert.Contains(plan.Partitions, p => p.Files!.Count == 2); // a partition may read the end of one file and the start of the next
        Assert.Equal(expected.Dense!.AllRows.ToArray(), reloaded.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(
            expected.Labels!.Select(code => expected.LabelVocabulary!.Names[(int)code]),
            reloaded.SelectMany(p => p.Labels!.Select(code => p.LabelVocabulary!.Names[(int)code])));
    }

    [Fact]
    public void A_label_site_names_the_part_file_and_the_row_in_it()
    {
        var directory = _files.Directory("parts");
        Animals(4).Write(Path.Combine(directory, "part-0.parquet"), rowsPerGroup: 4);
        new ParquetTable()
            .Add("id", new long[] { 1, 2, 3 }).Add("legs", new[] { 1, 2, 3 }).Add("weight", new float[3]).Add("height", new double[3])
            .Add("tame", new bool[3]).Add("price", new decimal[3]).AddNullable("age", new double?[] { 1, 2, 3 }).AddText("kind", ["cat", "cat", "zebra"])
            .Write(Path.Combine(directory, "part-1.parquet"), rowsPerGroup: 3);

        var partition = Load(new DatasetOptions { Path = directory, CategoricalLabel = true }, 1).Single();
        var zebra = Array.IndexOf(partition.LabelVocabulary!.Names, "zebra");
        var error = partition.LabelVocabulary.SiteOf(zebra, partition.Source).Error("unexpected class");

        Assert.Equal(Path.Combine(directory, "part-1.parquet"), error.FilePath);
        Assert.Equal((3L, 8), (error.Line, error.Column));
    }

    [Fact]
    public void Files_with_different_schemas_are_refused_naming_both()
    {
        var directory = _files.Directory("mixed");
        new ParquetTable().Add("a", new[] { 1f }).Add("y", new[] { 2f }).Write(Path.Combine(directory, "part-0.parquet"), 1);
        new ParquetTable().Add("a", new[] { 1.0 }).Add("y", new[] { 2f }).Write(Path.Combine(directory, "part-1.parquet"), 1);

        var error = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = directory }, 1));

        Assert.Equal(Path.Combine(directory, "part-1.parquet"), error.FilePath);
        Assert.Equal(1, error.Column);
        Assert.Contains("differs from that of part-0.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a' (double) here and 'a' (float) there", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_inside_the_dataset_or_no_part_file_at_all_is_refused()
    {
        var nested = _files.Directory("hive");
        new ParquetTable().Add("a", new[] { 1f }).Add("y", new[] { 2f }).Write(Path.Combine(nested, "part-0.parquet"), 1);
        Directory.CreateDirectory(Path.Combine(nested, "year=2024"));
        var empty = _files.Directory("empty");
        File.WriteAllText(Path.Combine(empty, "_SUCCESS"), string.Empty);
        var notParquet = _files.Directory("csv-parts");
        File.WriteAllText(Path.Combine(notParquet, "part-0.csv"), "a,y\n1,2\n");
        var stray = _files.Directory("stray");
        new ParquetTable().Add("a", new[] { 1f }).Add("y", new[] { 2f }).Write(Path.Combine(stray, "part-0.parquet"), 1);
        File.WriteAllText(Path.Combine(stray, "part-1.csv"), "a,y\n1,2\n");

        var folder = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = nested }, 1));
        var none = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = empty }, 1));
        var csv = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = notParquet }, 1));
        var strayFile = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = stray }, 1));

        Assert.Contains("holds the folder 'year=2024'", folder.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory with no Parquet part files", none.Message, StringComparison.Ordinal);
        Assert.Contains("is a directory with no Parquet part files", csv.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(stray, "part-1.csv"), strayFile.FilePath);
        Assert.Contains("not a Parquet file", strayFile.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_feature_column_is_one_hot_encoded_and_a_timestamp_is_refused_naming_the_file_row_group_and_row()
    {
        var parquet = new ParquetTable().AddText("city", ["Oslo", "Rome"]).Add("x", new[] { 1f, 2f }).Add("y", new[] { 3f, 4f })
            .Write(_files.PathOf("cities.parquet"), 1);
        var dated = new ParquetTable().Add("day", new[] { DateTime.UnixEpoch, DateTime.UnixEpoch }).Add("y", new[] { 3f, 4f })
            .Write(_files.PathOf("dated.parquet"), 1);

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = parquet }, 1);
        var ignored = DatasetPlanner.Plan(new DatasetOptions { Path = parquet, Ignore = ["city"] }, 1);
        var error = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = dated }, 1));

        Assert.True(plan.NeedsPreparation);
        Assert.Equal(["city=Oslo", "city=Rome", "city=<other>", "x"], TempFiles.Prepare(new DatasetOptions { Path = parquet }, 1).Schema.FeatureNames);
        Assert.Equal(["x"], ignored.Schema.FeatureNames);
        Assert.Equal((dated, 1L, 1), (error.FilePath, error.Line, error.Column));
        Assert.Contains("row group 0: column 'day' is a timestamp;", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing feature", 7, 2, "row group 2: column 'x': a missing value (null)")]
    [InlineData("missing label", 5, 3, "row group 1: missing label 'y'")]
    [InlineData("nan", 4, 2, "row group 1: column 'x': a missing value (NaN); fill missing values with `Missing`")]
    public void A_null_or_non_finite_value_names_the_file_row_group_row_and_column(string problem, long row, int column, string message)
    {
        var x = Enumerable.Range(0, 9).Select(i => (double?)i).ToArray();
        var y = Enumerable.Range(0, 9).Select(i => (float?)i).ToArray();
        switch (problem)
        {
            case "missing feature": x[6] = null; break;
            case "missing label": y[4] = null; break;
            default: x[3] = double.NaN; break;
        }

        var parquet = new ParquetTable().Add("id", new int[9]).AddNullable("x", x).AddNullable("y", y).Write(_files.PathOf("gaps.parquet"), rowsPerGroup: 3);

        var error = Assert.Throws<DataFormatException>(() => Load(new DatasetOptions { Path = parquet, Ignore = ["id"] }, 2));

        Assert.Equal((parquet, row, column), (error.FilePath, error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{parquet}:{row}:{column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_label_is_refused_for_a_regression_and_a_numeric_class_label_is_interned_by_value()
    {
        var parquet = Animals().Write(_files.PathOf("animals.parquet"), rowsPerGroup: 5);

        var regression = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = parquet, Ignore = ["id"] }, 1));
        var byLegs = Load(new DatasetOptions { Path = parquet, Label = "legs", CategoricalLabel = true, Ignore = ["id", "kind"] }, 1).Single();

        Assert.Contains("the label 'kind' is text", regression.Message, StringComparison.Ordinal);
        Assert.Equal(["0", "1", "2", "3", "4"], byLegs.LabelVocabulary!.Names);
    }

    [Fact]
    public void A_part_file_changed_after_planning_is_not_reloaded_and_the_plan_says_it_changed()
    {
        var directory = _files.Directory("parts");
        Animals(4).Write(Path.Combine(directory, "part-0.parquet"), rowsPerGroup: 2);
        Animals(4, seed: 4).Write(Path.Combine(directory, "part-1.parquet"), rowsPerGroup: 2);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = directory, CategoricalLabel = true }, 2);

        Animals(5, seed: 4).Write(Path.Combine(directory, "part-1.parquet"), rowsPerGroup: 2);

        Assert.True(PartitionLoader.ChangedHere(plan));
        Assert.NotNull(PartitionLoader.Load(plan.Partitions[0]));
        var error = Assert.Throws<PartitionSourceUnavailableException>(() => PartitionLoader.Load(plan.Partitions[1]));
        Assert.Contains("part-1.parquet: the file here differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_is_named_with_the_available_ones()
    {
        var parquet = Animals().Write(_files.PathOf("animals.parquet"), rowsPerGroup: 5);

        var feature = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = parquet, Features = ["legs", "wings"], FeatureOrigin = FeatureOrigin.Choice }, 1));
        var ignored = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = parquet, Ignore = ["date"] }, 1));

        Assert.Contains("feature 'wings' is not in the schema; columns are 'id', 'legs', 'weight', 'height', 'tame', 'price', 'age', 'kind'", feature.Message, StringComparison.Ordinal);
        Assert.Contains("ignored column 'date' is not in the schema", ignored.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 100, 1, 1, 1, 100 }, 2, new[] { 0, 2, 5 })]
    [InlineData(new long[] { 5, 5, 5, 5 }, 3, new[] { 0, 1, 3, 4 })]
    [InlineData(new long[] { 0, 0, 10 }, 3, new[] { 0, 1, 2, 3 })]
    [InlineData(new long[] { 10, 10 }, 5, new[] { 0, 1, 2 })]
    public void Groups_are_cut_near_equal_rows_and_every_partition_gets_a_group(long[] groupRows, int partitions, int[] bounds)
    {
        Assert.Equal(bounds, ShardML.Core.Data.ParquetFiles.RowGroupSplitter.Cut(groupRows, partitions));
    }

    [Fact]
    public async Task A_parquet_file_converts_to_a_shard_file_of_the_same_rows_keeping_a_text_label_as_classes()
    {
        var parquet = Animals().Write(_files.PathOf("animals.parquet"), rowsPerGroup: 3);
        var shard = _files.PathOf("animals.shard");
        var options = new DatasetOptions { Path = parquet, Ignore = ["id"] };

        var conversion = await ShardML.Core.Data.Shard.ShardFileConverter.ConvertAsync(options, shard, 2, CancellationToken.None);
        var converted = Load(new DatasetOptions { Path = shard, CategoricalLabel = true }, 1).Single();
        var original = Load(options with { CategoricalLabel = true }, 1).Single();

        Assert.Equal(10, conversion.Rows);
        Assert.Equal(Kinds, conversion.LabelVocabulary);
        Assert.Equal(original.Dense!.AllRows.ToArray(), converted.Dense!.AllRows.ToArray());
        Assert.Equal(original.Labels, converted.Labels);
    }

    private static Partition[] Load(DatasetOptions options, int partitions) =>
        [.. DatasetPlanner.Plan(options, partitions).Partitions.Select(p => PartitionLoader.Load(p))];

    public void Dispose() => _files.Dispose();
}
