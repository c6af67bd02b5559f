using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Data.Shard;
using ShardML.Core.Tests.Support;
using ShardML.Testing;

namespace ShardML.Core.Tests.Data.Preprocessing;

public sealed class PreprocessingReaderTests : IDisposable
{
    private static readonly string[] Colors = ["red", "green", "blue"];

    private readonly TempFiles _files = new();

    /// <summary>An id, a color (text), a nullable size (a null every fifth row) and a numeric label.</summary>
    private static ParquetTable Items(int rows = 30) => new ParquetTable()
        .Add("id", Enumerable.Range(0, rows).Select(i => 9_000_000_000L + i).ToArray())
        .AddText("color", [.. Enumerable.Range(0, rows).Select(i => Colors[i * 7 % 3])])
        .AddNullable("size", [.. Enumerable.Range(0, rows).Select(i => i % 5 == 2 ? (double?)null : i * 0.5)])
        .Add("y", Enumerable.Range(0, rows).Select(i => (float)(i % 4)).ToArray());

    [Fact]
    public void A_text_column_is_one_hot_encoded_in_sorted_order_and_a_missing_number_filled()
    {
        var csv = _files.Write("items.csv", "color,size,y\nred,1,0\nblue,,1\nred,3,0\ngreen,NA,1\n");

        var partition = TempFiles.LoadPrepared(new DatasetOptions { Path = csv, Missing = MissingValues.Mean }, 1).Single();

        Assert.Equal(5, partition.Dense!.Columns);
        Assert.Equal(
            [0, 0, 1, 0, 1, /**/ 1, 0, 0, 0, 2, /**/ 0, 0, 1, 0, 3, /**/ 0, 1, 0, 0, 2],
            partition.Dense.AllRows.ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1 }, partition.Labels);
    }

    [Fact]
    public void Dropping_rows_with_a_missing_value_counts_them_and_keeps_the_rest_in_order()
    {
        var csv = _files.Write("gaps.csv", "a,b,y\n1,2,3\n,5,6\n7,8,\n10,N/A,12\n13,14,15\n");

        var partitions = TempFiles.LoadPrepared(new DatasetOptions { Path = csv, Missing = MissingValues.Drop }, 2);

        Assert.Equal(3, partitions.Sum(p => p.DroppedRows));
        Assert.Equal(new float[] { 1, 2, 13, 14 }, partitions.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(new float[] { 3, 15 }, partitions.SelectMany(p => p.Labels!));
    }

    [Theory]
    [InlineData("a,y\n1,2\n,4\n", 3, 1, "column 'a': a missing value (empty)")]
    [InlineData("a,y\nNaN,2\n", 2, 1, "column 'a': a missing value ('NaN')")]
    [InlineData("a,c,y\n1,red,2\n2,NA,4\n", 3, 2, "column 'c': a missing value ('NA')")]
    public void By_default_a_missing_value_is_an_error_naming_the_option_that_fills_it(string content, long line, int column, string problem)
    {
        var path = _files.Write("missing.csv", content);

        var error = Assert.Throws<DataFormatException>(() => TempFiles.LoadPrepared(new DatasetOptions { Path = path }, 1));

        Assert.Equal((path, line, column), (error.FilePath, error.Line, error.Column));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("`Missing` = mean, median or most-frequent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_column_with_a_stray_word_stays_numbers_and_the_word_is_an_error_unless_declared_categorical()
    {
        var csv = _files.Write("codes.csv", "code,x,y\n10,1,0\n20,2,1\nx9,3,0\n10,4,1\n");

        var error = Assert.Throws<DataFormatException>(() => TempFiles.LoadPrepared(new DatasetOptions { Path = csv }, 1));
        var declared = TempFiles.Prepare(new DatasetOptions { Path = csv, Categorical = ["code"] }, 1);

        Assert.Equal((4L, 1), (error.Line, error.Column));
        Assert.Contains("'x9' is not a number (if the column names categories, declare it so: `Categorical`)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["code=10", "code=20", "code=x9", "code=<other>", "x"], declared.Schema.FeatureNames);
    }

    [Fact]
    public void Parquet_and_its_csv_load_the_same_encoded_rows_kept_ids_and_dropped_counts()
    {
        var table = Items();
        var parquet = table.Write(_files.PathOf("items.parquet"), rowsPerGroup: 7);
        var csv = _files.Write("items.csv", table.ToCsv());
        var options = new DatasetOptions { Path = parquet, Ignore = ["id"], Missing = MissingValues.Median, Keep = ["id"] };

        var fromParquet = TempFiles.LoadPrepared(options, 3);
        var fromCsv = TempFiles.LoadPrepared(options with { Path = csv }, 3);
        var dropped = TempFiles.LoadPrepared(options with { Missing = MissingValues.Drop }, 2);

        Assert.Equal(fromCsv.SelectMany(p => p.Dense!.AllRows.ToArray()), fromParquet.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(fromCsv.SelectMany(p => p.Labels!), fromParquet.SelectMany(p => p.Labels!));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (9_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), fromParquet.SelectMany(p => p.Kept![0]));
        Assert.Equal(fromCsv.SelectMany(p => p.Kept![0]), fromParquet.SelectMany(p => p.Kept![0]));
        Assert.Equal(6, dropped.Sum(p => p.DroppedRows));
        Assert.Equal(24, dropped.Sum(p => p.RowCount));
    }

    [Fact]
    public void A_wide_encoding_loads_as_csr_the_same_from_parquet_and_csv()
    {
        var rows = 300;
        var table = new ParquetTable()
            .AddText("city", [.. Enumerable.Range(0, rows).Select(i => $"city{i % 90}")])
            .Add("x", Enumerable.Range(0, rows).Select(i => i % 3 == 0 ? 0f : i).ToArray())
            .Add("y", Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray());
        var parquet = table.Write(_files.PathOf("wide.parquet"), rowsPerGroup: 64);
        var csv = _files.Write("wide.csv", table.ToCsv());

        var fromParquet = TempFiles.LoadPrepared(new DatasetOptions { Path = parquet }, 2);
        var fromCsv = TempFiles.LoadPrepared(new DatasetOptions { Path = csv }, 2);

        Assert.All(fromParquet.Concat(fromCsv), p => Assert.True(p.IsSparse));
        var first = fromCsv[0].Sparse!;
        Assert.Equal(92, first.Columns); // 90 cities, <other>, x
        Assert.Equal([0], first.RowIndices(0).ToArray()); // city0 and x = 0, not stored
        Assert.Equal([1, 91], first.RowIndices(1).ToArray()); // city1 (sorted ordinally: city0, city1, city10, …) and x after <other>
        Assert.Equal(Rows(fromCsv), Rows(fromParquet)); // the partitions cut the rows differently: byte ranges, row groups
    }

    [Fact]
    public void A_shard_file_reads_nan_as_missing_and_a_declared_column_as_categories()
    {
        var path = _files.PathOf("rows.shard");
        using (var writer = new ShardFileWriter(path, new ShardMetadata(["a", "code"], "y", null), hasLabels: true))
        {
            writer.Append([1f, 7f, float.NaN, 7f, 5f, 8f, 3f, float.NaN], [1f, 2f, 3f, 4f]);
            writer.Complete();
        }

        var filled = TempFiles.LoadPrepared(new DatasetOptions { Path = path, Missing = MissingValues.Mean, Categorical = ["code"] }, 2);
        var dropped = TempFiles.LoadPrepared(new DatasetOptions { Path = path, Missing = MissingValues.Drop }, 1).Single();

        Assert.Equal(["a", "code=7", "code=8", "code=<other>"], TempFiles.Prepare(new DatasetOptions { Path = path, Missing = MissingValues.Mean, Categorical = ["code"] }, 1).Schema.FeatureNames);
        Assert.Equal(
            [1, 1, 0, 0, /**/ 3, 1, 0, 0, /**/ 5, 0, 1, 0, /**/ 3, 1, 0, 0],
            filled.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(2, dropped.DroppedRows);
        Assert.Equal(new float[] { 1, 7, 5, 8 }, dropped.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 1, 3 }, dropped.Labels);
    }

    [Fact]
    public void A_models_pipeline_reads_new_data_as_training_did_and_an_unseen_category_is_other()
    {
        var train = _files.Write("train.csv", "color,size,y\nred,1,0\nblue,2,1\n");
        var pipeline = TempFiles.Prepare(new DatasetOptions { Path = train, Missing = MissingValues.Mean }, 1).Schema.Pipeline!;
        var score = _files.Write("score.csv", "id,size,color\n7,,purple\n8,4,red\n");

        var partition = TempFiles.LoadPrepared(new DatasetOptions { Path = score, Pipeline = pipeline, Features = pipeline.ColumnNames, HasLabel = false, Missing = MissingValues.Mean, Keep = ["id"] }, 1).Single();

        Assert.Equal([0, 0, 1, 1.5f, /**/ 0, 1, 0, 4], partition.Dense!.AllRows.ToArray());
        Assert.Equal(["7", "8"], partition.Kept![0]);
    }

    [Fact]
    public void A_model_that_fills_nothing_says_so_for_a_missing_value()
    {
        var score = _files.Write("score.csv", "a,b\n1,\n");
        var options = new DatasetOptions { Path = score, Features = ["a", "b"], HasLabel = false, Pipeline = FeaturePipeline.Numbers(["a", "b"], MissingValues.Drop) };

        var error = Assert.Throws<DataFormatException>(() => TempFiles.LoadPrepared(options, 1));

        Assert.Contains("the model has none to fill in (it was trained with `Missing` = drop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kept_and_categorical_columns_must_be_in_the_file()
    {
        var csv = _files.Write("k.csv", "a,b,y\n1,2,3\n");

        var kept = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = csv, Keep = ["id"] }, 1));
        var categorical = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = csv, Categorical = ["y"] }, 1));

        Assert.Contains("kept column 'id' is not in the header; columns are 'a', 'b', 'y'", kept.Message, StringComparison.Ordinal);
        Assert.Contains("column 'y' is declared categorical (`Categorical`) but is not a feature", categorical.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_alone_need_no_profile_and_read_as_before()
    {
        var csv = _files.Write("n.csv", "a,b,y\n1,2,3\n");

        var plain = DatasetPlanner.Plan(new DatasetOptions { Path = csv }, 1);
        var dropping = DatasetPlanner.Plan(new DatasetOptions { Path = csv, Missing = MissingValues.Drop }, 1);

        Assert.Null(plain.Schema.Pipeline);
        Assert.False(plain.NeedsPreparation);
        Assert.False(dropping.NeedsPreparation);
        Assert.Equal(["a", "b"], dropping.Schema.Pipeline!.ColumnNames);
    }

    [Fact]
    public void A_parquet_nan_or_null_beside_a_text_column_is_missing_named_as_written()
    {
        var parquet = new ParquetTable()
            .AddText("color", ["red", "blue", "red"])
            .AddNullable("size", new double?[] { 1.0, double.NaN, 3.0 })
            .Add("y", new[] { 1f, 2f, 3f })
            .Write(_files.PathOf("nan.parquet"), rowsPerGroup: 3);

        var error = Assert.Throws<DataFormatException>(() => TempFiles.LoadPrepared(new DatasetOptions { Path = parquet }, 1));
        var filled = TempFiles.LoadPrepared(new DatasetOptions { Path = parquet, Missing = MissingValues.Mean }, 1).Single();

        Assert.Equal((parquet, 2L, 2), (error.FilePath, error.Line, error.Column));
        Assert.Contains("row group 0: column 'size': a missing value (NaN)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2f, filled.Dense!.Row(1)[3]);
    }

    [Fact]
    public async Task Converting_text_columns_to_a_shard_file_is_refused_naming_them()
    {
        var csv = _files.Write("t.csv", "color,x,y\nred,1,2\nblue,3,4\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, _files.PathOf("t.shard"), 1, CancellationToken.None));

        Assert.Contains("column 'color' holds text (categories), and a .shard file holds numbers", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_files.PathOf("t.shard")));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>Every row's entries as text, over the partitions in order.</summary>
    private static string[] Rows(Partition[] partitions) =>
        [.. partitions.SelectMany(p => Enumerable.Range(0, p.RowCount).Select(r =>
            string.Join(' ', p.Sparse!.RowIndices(r).ToArray().Zip(p.Sparse.RowValues(r).ToArray(), (i, v) => $"{i}:{v}"))))];
}
