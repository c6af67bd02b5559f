using System.Globalization;
using ShardML.Core.Data;
using ShardML.Core.Data.Shard;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class ShardFileTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 4)]
    [InlineData(7, 3)]
    public async Task A_converted_file_loads_the_same_rows_and_labels_as_the_csv_for_any_partition_count(int csvPartitions, int shardPartitions)
    {
        var csv = WriteCsv("d.csv", rows: 5000, features: 300, labelled: true);
        var shard = csv + ".shard";

        var conversion = await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, csvPartitions, CancellationToken.None);

        Assert.Equal(5000, conversion.Rows);
        var expected = TempFiles.Load(csv, 1).Single();
        var loaded = TempFiles.Load(shard, shardPartitions);
        Assert.Equal(shardPartitions, loaded.Length);
        Assert.Equal(expected.Dense!.AllRows.ToArray(), loaded.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(expected.Labels, loaded.SelectMany(p => p.Labels!));
        Assert.All(loaded, p => Assert.Equal(DataFormat.Shard, p.Source.Schema.Format));
    }

    [Theory]
    [InlineData(3, 1, 3)]
    [InlineData(3, 2, 4)]
    [InlineData(400, 3, 2)]
    public async Task Class_names_convert_to_one_file_vocabulary_and_each_partition_gets_the_classes_of_its_rows(int classes, int csvPartitions, int shardPartitions)
    {
        var rows = string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i},{i % 7},class-{(i * 7919) % classes}\n"));
        var csv = _files.Write("c.csv", "a,b,kind\n" + rows);
        var shard = csv + ".shard";

        var conversion = await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, csvPartitions, CancellationToken.None);

        Assert.Equal(classes, conversion.LabelVocabulary!.Count);
        Assert.Equal(conversion.LabelVocabulary, ShardFile.Open(shard).Metadata.LabelVocabulary);
        var fromCsv = TempFiles.Load(csv, 1, categorical: true).Single();
        var loaded = TempFiles.Load(shard, shardPartitions, categorical: true);
        Assert.Equal(
            fromCsv.Labels!.Select(code => fromCsv.LabelVocabulary!.Names[(int)code]),
            loaded.SelectMany(p => p.Labels!.Select(code => p.LabelVocabulary!.Names[(int)code])));
        Assert.All(loaded, p =>
        {
            // As a CSV partition: the classes in order of first appearance within the partition, at their first row.
            var names = p.Labels!.Select(code => p.LabelVocabulary!.Names[(int)code]).ToArray();
            Assert.Equal(names.Distinct(), p.LabelVocabulary!.Names);
            Assert.Equal(p.LabelVocabulary.Names.Select(n => (long)Array.IndexOf(names, n) + 1), p.LabelVocabulary.FirstLines);
        });
        var last = loaded[^1];
        var error = last.LabelVocabulary!.SiteOf(0, last.Source).Error("unexpected");
        Assert.Equal(last.Source.Start + 1, error.Line); // a .shard site is the row in the file
        Assert.Contains("names classes", TempFiles.LoadError(shard).Message);
    }

    [Fact]
    public async Task Numeric_labels_stay_numbers_and_load_as_classes_by_value_when_asked()
    {
        var csv = _files.Write("n.csv", "a,y\n1,0\n2,1\n3,1.0\n4,0\n");
        var shard = csv + ".shard";

        var conversion = await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, 1, CancellationToken.None);
        var numeric = TempFiles.Load(shard, 1).Single();
        var classes = TempFiles.Load(shard, 1, categorical: true).Single();

        Assert.Null(conversion.LabelVocabulary);
        Assert.Equal(new float[] { 0, 1, 1, 0 }, numeric.Labels);
        Assert.Null(numeric.LabelVocabulary);
        Assert.Equal(["0", "1"], classes.LabelVocabulary!.Names);
        Assert.Equal(new float[] { 0, 1, 1, 0 }, classes.Labels);
    }

    [Fact]
    public async Task Unlabelled_data_converts_and_a_labelled_file_loads_without_its_label_when_none_is_asked()
    {
        var csv = WriteCsv("d.csv", rows: 100, features: 4, labelled: true);
        var shard = csv + ".shard";
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, 2, CancellationToken.None);

        var partition = TempFiles.Load(shard, 1, hasLabel: false).Single();

        Assert.Null(partition.Labels);
        Assert.Equal(4, partition.Dense!.Columns);
        Assert.Contains("holds no label", await NoLabelErrorAsync());
    }

    [Fact]
    public async Task The_model_features_in_another_order_are_read_in_the_model_order()
    {
        var csv = WriteCsv("d.csv", rows: 10, features: 3, labelled: true);
        var shard = csv + ".shard";
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, 1, CancellationToken.None);

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = shard, Features = ["x2", "x0", "x1"], Label = "y" }, 1);
        var partition = PartitionLoader.Load(plan.Partitions[0]);
        var original = TempFiles.Load(csv, 1).Single();

        for (var r = 0; r < 10; r++)
        {
            var row = original.Dense!.Row(r);
            Assert.Equal(new[] { row[2], row[0], row[1] }, partition.Dense!.Row(r).ToArray());
        }

        Assert.Equal(original.Labels, partition.Labels);
    }

    [Fact]
    public async Task A_truncated_file_is_an_error_naming_it()
    {
        var shard = await ConvertAsync();
        using (var stream = new FileStream(shard, FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        var error = TempFiles.LoadError(shard);

        Assert.Equal(shard, error.FilePath);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task A_flipped_byte_in_the_rows_is_an_error_naming_the_file_and_the_rows()
    {
        var shard = await ConvertAsync();
        var file = ShardFile.Open(shard);
        var bytes = File.ReadAllBytes(shard);
        bytes[file.Header.FeaturesOffset + (file.Header.BlockRows * file.Header.Columns * 4) + 5] ^= 0x10; // inside block 1
        File.WriteAllBytes(shard, bytes);

        var error = TempFiles.LoadError(shard, partitions: 3);

        Assert.Equal(shard, error.FilePath);
        Assert.Contains($"rows [{file.Header.BlockRows}, ", error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_shard_file_is_an_error()
    {
        var path = _files.Write("d.shard", new string('x', 500));

        Assert.Contains("not a ShardML partition file", TempFiles.LoadError(path).Message);
    }

    [Fact]
    public async Task A_corrupt_header_is_an_error()
    {
        var shard = await ConvertAsync();
        var bytes = File.ReadAllBytes(shard);
        bytes[17] ^= 1; // the row count
        File.WriteAllBytes(shard, bytes);

        Assert.Contains("header is corrupt", TempFiles.LoadError(shard).Message);
    }

    [Fact]
    public async Task The_layout_is_aligned_for_memory_mapping_and_the_label_vocabulary_round_trips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"shardml-{Guid.NewGuid():N}.shard");
        try
        {
            using (var writer = new ShardFileWriter(path, new ShardMetadata(["a", "b"], "species", ["cat", "dog"]), hasLabels: true))
            {
                writer.Append([1, 2, 3, 4], [0, 1]);
                writer.Complete();
            }

            var file = ShardFile.Open(path);

            Assert.Equal(0, file.Header.FeaturesOffset % ShardFileLayout.Alignment);
            Assert.Equal(0, file.Header.LabelsOffset % ShardFileLayout.Alignment);
            Assert.Equal(new[] { "cat", "dog" }, file.Metadata.LabelVocabulary);
            Assert.Equal(2, file.Header.Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => _files.Dispose();

    private async Task<string> ConvertAsync()
    {
        var csv = WriteCsv("d.csv", rows: 3000, features: 200, labelled: true);
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, csv + ".shard", 2, CancellationToken.None);
        return csv + ".shard";
    }

    private async Task<string> NoLabelErrorAsync()
    {
        var csv = WriteCsv("u.csv", rows: 10, features: 2, labelled: false);
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv, HasLabel = false }, csv + ".shard", 1, CancellationToken.None);
        return TempFiles.LoadError(csv + ".shard").Message;
    }

    private string WriteCsv(string name, int rows, int features, bool labelled)
    {
        var random = new Random(rows + features);
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Join(',', Enumerable.Range(0, features).Select(f => "x" + f)) + (labelled ? ",y" : string.Empty));
        for (var r = 0; r < rows; r++)
        {
            var values = Enumerable.Range(0, features + (labelled ? 1 : 0)).Select(_ => ((float)((random.NextDouble() * 200) - 100)).ToString(CultureInfo.InvariantCulture));
            text.AppendLine(string.Join(',', values));
        }

        return _files.Write(name, text.ToString());
    }
}
