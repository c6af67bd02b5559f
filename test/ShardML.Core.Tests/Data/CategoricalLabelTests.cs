using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Data.Shard;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class CategoricalLabelTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public void Csv_labels_are_interned_as_text_in_order_of_first_appearance_and_stored_as_local_codes()
    {
        var path = _files.Write("d.csv", "a,kind\n1, dog\n2,cat\n3,dog \n4,\"bird, \"\"small\"\"\"\n5,cat\n");

        var partition = Assert.Single(TempFiles.Load(path, 1, categorical: true));

        Assert.Equal(["dog", "cat", "bird, \"small\""], partition.LabelVocabulary!.Names);
        Assert.Equal(new float[] { 0, 1, 0, 2, 1 }, partition.Labels);
        Assert.Equal(new long[] { 1, 2, 4 }, partition.LabelVocabulary.FirstLines);
        Assert.All(partition.LabelVocabulary.FirstColumns, c => Assert.Equal(2, c));
    }

    [Fact]
    public void Each_partition_has_its_own_vocabulary_and_a_site_names_the_line_in_the_whole_file()
    {
        var rows = string.Concat(Enumerable.Range(0, 60).Select(i => i == 50 ? "50,zebra\n" : $"{i},{(i % 2 == 0 ? "even" : "odd")}\n"));
        var path = _files.Write("d.csv", "a,y\n" + rows);

        var partitions = TempFiles.Load(path, 3, categorical: true);
        var last = partitions[^1];
        var zebra = Array.IndexOf(last.LabelVocabulary!.Names, "zebra");
        var error = last.LabelVocabulary.SiteOf(zebra, last.Source).Error("unexpected");

        Assert.All(partitions, p => Assert.Equal(p.RowCount, p.Labels!.Length));
        Assert.Equal(["even", "odd"], partitions[0].LabelVocabulary!.Names);
        Assert.Equal(52, error.Line); // header is line 1, row i is line i + 2
        Assert.Equal(2, error.Column);
        Assert.StartsWith($"{path}:52:2: unexpected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void A_line_break_inside_a_quoted_label_is_refused_at_its_first_line_under_every_partitioning(int partitions)
    {
        // RFC 4180 allows it, but a partition cut can fall inside such a field: one partitioning would read the
        // record whole and another would read its tail as a new row with a new class, so every partitioning refuses it.
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => i == 20 ? "0.3,0.4,\"q\n0.5,0.5,q\"\n" : $"{i},{i % 3},{(i % 2 == 0 ? "p" : "q")}\n"));
        var path = _files.Write("d.csv", "a,b,y\n" + rows);

        var error = TempFiles.LoadError(path, partitions, categorical: true);

        Assert.Equal(22, error.Line); // header is line 1, row i is line i + 2
        Assert.Equal(3, error.Column);
        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,y\n1,cat\n2,ca\"t\n", 3)]
    [InlineData("a,y\n1,cat\n2,\"cat\n", 3)]
    public void A_stray_quote_in_a_label_names_the_file_line_and_column(string content, int line)
    {
        var path = _files.Write("d.csv", content);

        var error = TempFiles.LoadError(path, categorical: true);

        Assert.Equal(line, error.Line);
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public async Task Optional_classes_past_the_vocabulary_limit_leave_the_partition_without_labels_in_csv_and_shard_alike()
    {
        var rows = string.Concat(Enumerable.Range(0, LabelVocabulary.MaximumCount + 10).Select(i => $"{i % 5},{i}\n"));
        var csv = _files.Write("ids.csv", "a,id\n" + rows);
        var shard = Path.ChangeExtension(csv, ".shard");
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv }, shard, 1, CancellationToken.None);

        foreach (var path in new[] { csv, shard })
        {
            var optional = new DatasetOptions { Path = path, Label = "id", CategoricalLabel = true, OptionalClasses = true };
            var partition = PartitionLoader.Load(Assert.Single(DatasetPlanner.Plan(optional, 1).Partitions));
            var required = DatasetPlanner.Plan(optional with { OptionalClasses = false }, 1).Partitions[0];

            Assert.Null(partition.Labels);
            Assert.Null(partition.LabelVocabulary);
            Assert.Equal(LabelVocabulary.MaximumCount + 10, partition.RowCount);
            Assert.Throws<DataFormatException>(() => PartitionLoader.Load(required));
        }
    }

    [Fact]
    public void A_missing_categorical_label_names_the_file_line_and_column()
    {
        var path = _files.Write("bad.csv", "a,b,y\n1,2,cat\n3,4,  \n");

        var error = TempFiles.LoadError(path, categorical: true);

        Assert.Equal((3L, 3), (error.Line, error.Column));
        Assert.Contains("missing label 'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Libsvm_labels_are_interned_by_value_so_equal_numbers_spelled_differently_are_one_class()
    {
        var path = _files.Write("d.svm", "+1 1:1\n-1 2:1\n1.0 1:2\n  -1.00 2:3\n0 1:1\n-0 1:1\n");

        var partition = Assert.Single(TempFiles.Load(path, 1, categorical: true));

        Assert.Equal(["1", "-1", "0"], partition.LabelVocabulary!.Names);
        Assert.Equal(new float[] { 0, 1, 0, 1, 2, 2 }, partition.Labels);
        Assert.Equal(new[] { 1, 1, 1 }, partition.LabelVocabulary.FirstColumns);
    }

    [Fact]
    public void A_libsvm_line_without_a_label_is_still_refused_in_categorical_mode()
    {
        var path = _files.Write("bad.svm", "1 1:1\n2:1 3:1\n");

        var error = TempFiles.LoadError(path, categorical: true);

        Assert.Equal((2L, 1), (error.Line, error.Column));
        Assert.Contains("missing label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_mode_keeps_float_labels_and_no_vocabulary()
    {
        var path = _files.Write("d.csv", "a,y\n1,2.5\n");

        var partition = Assert.Single(TempFiles.Load(path, 1));

        Assert.Null(partition.LabelVocabulary);
        Assert.Equal(new[] { 2.5f }, partition.Labels);
    }

    [Fact]
    public void The_categorical_flag_travels_with_the_partition_source_to_other_nodes()
    {
        var path = _files.Write("d.csv", "a,y\n1,cat\n");
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true }, 1);

        var decoded = MemoryPackSerializer.Deserialize<PartitionSource>(MemoryPackSerializer.Serialize(plan.Partitions[0]))!;

        Assert.True(plan.Schema.CategoricalLabel);
        Assert.True(decoded.Schema.CategoricalLabel);
        Assert.Equal(["cat"], PartitionLoader.Load(decoded).LabelVocabulary!.Names);
    }

    [Fact]
    public void Working_state_is_empty_after_a_reload()
    {
        var path = _files.Write("d.csv", "a,y\n1,cat\n");
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true }, 1);
        var first = PartitionLoader.Load(plan.Partitions[0]);
        first.State["job"] = new double[] { 1 };

        var reloaded = PartitionLoader.Load(plan.Partitions[0]);

        Assert.Empty(reloaded.State);
    }

    public void Dispose() => _files.Dispose();
}
