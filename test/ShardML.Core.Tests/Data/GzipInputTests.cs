using System.Globalization;
using System.IO.Compression;
using System.Text;
using ShardML.Core.Data;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

/// <summary>A gzip file reads as its plain copy: the same ranges, rows, labels and error lines under any partitioning.</summary>
public sealed class GzipInputTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    [InlineData(false, 3)]
    public void A_gzip_csv_gives_the_plain_files_partitions_rows_and_labels(bool header, int skip)
    {
        var text = Csv(header, skip, rows: 3000, seed: 1);
        var plain = _files.Write("d.csv", text);
        var gzip = WriteGzip("d.csv.gz", text);

        foreach (var partitions in new[] { 1, 3, 7 })
        {
            var options = new DatasetOptions { Path = plain, HasHeader = header, SkipLines = skip };
            var expected = DatasetPlanner.Plan(options, partitions);
            var actual = DatasetPlanner.Plan(options with { Path = gzip }, partitions);

            Assert.Equal(expected.Schema.FeatureNames, actual.Schema.FeatureNames);
            Assert.Equal(expected.Partitions.Select(p => (p.Start, p.End)), actual.Partitions.Select(p => (p.Start, p.End)));
            Assert.All(actual.Partitions, p => Assert.Equal(InputCompression.Gzip, p.Compression));
            for (var i = 0; i < partitions; i++)
            {
                var e = PartitionLoader.Load(expected.Partitions[i]);
                var a = PartitionLoader.Load(actual.Partitions[i]);
                Assert.Equal(e.Dense!.AllRows.ToArray(), a.Dense!.AllRows.ToArray());
                Assert.Equal(e.Labels, a.Labels);
                Assert.Equal(e.RowCount, a.RowCount);
            }
        }
    }

    [Fact]
    public void Ranges_match_the_plain_splitters_for_every_partition_count_with_blank_lines_and_no_final_newline()
    {
        var text = Csv(header: true, skip: 0, rows: 400, seed: 2).Replace("\n7", "\n\n\n7", StringComparison.Ordinal).TrimEnd('\n');
        var plain = _files.Write("d.csv", text);
        var gzip = WriteGzip("d.csv.gz", text);

        for (var partitions = 1; partitions <= 40; partitions++)
        {
            var expected = DatasetPlanner.Plan(new DatasetOptions { Path = plain }, partitions).Partitions;
            var actual = DatasetPlanner.Plan(new DatasetOptions { Path = gzip }, partitions).Partitions;

            Assert.Equal(expected.Select(p => (p.Start, p.End, p.Bytes)), actual.Select(p => (p.Start, p.End, p.Bytes)));
            Assert.Equal(expected.Select(CountNewlines), actual.Select(p => p.Newlines!.Value));
        }
    }

    [Fact]
    public void Concatenated_members_read_whole_as_one_text()
    {
        // Cut mid-line, as bgzip cuts blocks: the members' texts join into the plain file's. The trailer states only the
        // last member's length, so the plan measures the text and plans again.
        var text = Csv(header: true, skip: 0, rows: 2000, seed: 3);
        var plain = _files.Write("d.csv", text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var gzip = _files.PathOf("d.csv.gz");
        File.WriteAllBytes(gzip, [.. Gzip(bytes[..1001]), .. Gzip(bytes[1001..30_000]), .. Gzip(bytes[30_000..])]);

        foreach (var partitions in new[] { 1, 3, 7 })
        {
            var expected = TempFiles.Load(plain, partitions);
            var actual = TempFiles.Load(gzip, partitions);

            Assert.Equal(expected.Select(p => p.RowCount), actual.Select(p => p.RowCount));
            Assert.Equal(expected.SelectMany(p => p.Dense!.AllRows.ToArray()), actual.SelectMany(p => p.Dense!.AllRows.ToArray()));
            Assert.Equal(expected.SelectMany(p => p.Labels!), actual.SelectMany(p => p.Labels!));
        }
    }

    [Fact]
    public void A_gzip_libsvm_file_gives_the_plain_files_rows()
    {
        var random = new Random(4);
        var text = new StringBuilder();
        for (var r = 0; r < 1500; r++)
        {
            text.Append(random.Next(2) == 0 ? "-1" : "+1");
            for (var j = 1; j <= 30; j++)
            {
                if (random.Next(4) == 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {j}:{random.NextDouble():F4}");
                }
            }

            text.Append(r % 100 == 0 ? " # a comment\n" : "\n");
        }

        var plain = _files.Write("d.libsvm", text.ToString());
        var gzip = WriteGzip("d.libsvm.gz", text.ToString());

        foreach (var partitions in new[] { 1, 3, 7 })
        {
            var expected = TempFiles.Load(plain, partitions);
            var actual = TempFiles.Load(gzip, partitions);

            Assert.Equal(expected.Select(p => p.RowCount), actual.Select(p => p.RowCount));
            Assert.Equal(expected.SelectMany(p => p.Sparse!.Indices), actual.SelectMany(p => p.Sparse!.Indices));
            Assert.Equal(expected.SelectMany(p => p.Sparse!.Values), actual.SelectMany(p => p.Sparse!.Values));
            Assert.Equal(expected.SelectMany(p => p.Labels!), actual.SelectMany(p => p.Labels!));
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void A_truncated_gzip_file_is_a_data_error_naming_the_file(double kept)
    {
        var whole = Gzip(Encoding.UTF8.GetBytes(Csv(header: true, skip: 0, rows: 5000, seed: 5)));
        var path = _files.PathOf("cut.csv.gz");
        File.WriteAllBytes(path, whole[..(int)(whole.Length * kept)]);

        var error = TempFiles.LoadError(path, partitions: 3);

        Assert.Equal(path, error.FilePath);
        Assert.Contains("truncated or corrupt gzip stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trailer_check_of_last_resort_accepts_a_whole_stream_and_refuses_a_cut_one()
    {
        // What a process whose inflater is not strict relies on (another component decompressed before the switch was set).
        var text = Encoding.UTF8.GetBytes(Csv(header: true, skip: 0, rows: 3000, seed: 10));
        var whole = Gzip(text);
        var path = _files.PathOf("t.csv.gz");
        var crc = System.IO.Hashing.Crc32.HashToUInt32(text);

        File.WriteAllBytes(path, whole);
        var accepted = GzipRangeStream.TrailerMatches(path, crc, text.Length);
        var shorter = GzipRangeStream.TrailerMatches(path, crc, text.Length - 1);
        File.WriteAllBytes(path, whole[..^100]);
        var cut = GzipRangeStream.TrailerMatches(path, crc, text.Length);

        Assert.True(accepted);
        Assert.False(shorter);
        Assert.False(cut);
    }

    [Fact]
    public void A_gzip_file_whose_checksum_fails_is_a_data_error()
    {
        var whole = Gzip(Encoding.UTF8.GetBytes(Csv(header: true, skip: 0, rows: 100, seed: 6)));
        whole[^6] ^= 0xff; // the CRC-32 of the text, in the trailer
        var path = _files.PathOf("crc.csv.gz");
        File.WriteAllBytes(path, whole);

        var error = TempFiles.LoadError(path);

        Assert.Contains("truncated or corrupt gzip stream", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_bad_value_inside_a_gzip_file_is_reported_at_its_line_in_the_text(int partitions)
    {
        var lines = Csv(header: true, skip: 2, rows: 2000, seed: 7).Split('\n');
        lines[1700] = "1.5,oops,2,0"; // line 1701 of the text
        var text = string.Join('\n', lines);
        var gzip = WriteGzip("bad.csv.gz", text);
        var libsvm = WriteGzip("bad.svm.gz", "1 1:2\n0 1:3\n\n1 2:x\n");

        var error = Assert.Throws<DataFormatException>(() =>
            DatasetPlanner.Plan(new DatasetOptions { Path = gzip, SkipLines = 2 }, partitions).Partitions.Select(p => PartitionLoader.Load(p)).ToArray());
        var sparse = TempFiles.LoadError(libsvm, partitions);

        Assert.Equal((gzip, 1701L, 2), (error.FilePath, error.Line, error.Column));
        Assert.Equal((4L, 5), (sparse.Line, sparse.Column)); // the value after "2:"
    }

    [Fact]
    public void Compression_is_told_by_the_magic_bytes_and_the_format_by_the_name_without_gz()
    {
        var misnamed = _files.PathOf("d.csv");
        File.WriteAllBytes(misnamed, Gzip("a,b,y\n1,2,3\n"u8.ToArray()));
        var tsv = WriteGzip("d.tsv.gz", "a\tb\ty\n4\t5\t6\n");
        var shard = WriteGzip("d.shard.gz", "not a shard");

        var fromMisnamed = Assert.Single(TempFiles.Load(misnamed, 1));
        var fromTsv = Assert.Single(TempFiles.Load(tsv, 1));
        var refused = TempFiles.LoadError(shard);

        Assert.Equal(new float[] { 1, 2 }, fromMisnamed.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 4, 5 }, fromTsv.Dense!.AllRows.ToArray());
        Assert.Equal(DataFormat.LibSvm, DatasetPlanner.InferFormat("x.svm.gz"));
        Assert.Contains("gzip-compressed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_columns_of_a_gzip_file_are_learned_and_encoded_as_the_plain_files()
    {
        var random = new Random(8);
        var text = new StringBuilder("x,color,y\n");
        for (var r = 0; r < 1000; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():F3},{(r % 3 == 0 ? "red" : r % 3 == 1 ? "blue" : "")},{random.Next(2)}\n");
        }

        var plain = _files.Write("d.csv", text.ToString());
        var gzip = WriteGzip("d.csv.gz", text.ToString());
        var options = new DatasetOptions { Path = plain, Missing = Core.Data.Preprocessing.MissingValues.MostFrequent };

        var expected = TempFiles.LoadPrepared(options, 3);
        var actual = TempFiles.LoadPrepared(options with { Path = gzip }, 3);

        Assert.Equal(expected.SelectMany(p => p.Dense!.AllRows.ToArray()), actual.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(expected.SelectMany(p => p.Labels!), actual.SelectMany(p => p.Labels!));
    }

    [Fact]
    public void Progress_counts_the_bytes_of_text_a_partition_owns()
    {
        var text = Csv(header: true, skip: 0, rows: 3000, seed: 9);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = WriteGzip("d.csv.gz", text) }, 3);
        var meter = new LoadMeter();

        foreach (var partition in plan.Partitions)
        {
            PartitionLoader.Load(partition, meter, CancellationToken.None);
        }

        Assert.Equal(plan.Bytes, meter.Bytes);
        Assert.Equal(Encoding.UTF8.GetByteCount(text) - plan.Partitions[0].Start, meter.Bytes);
    }

    public void Dispose() => _files.Dispose();

    private static long CountNewlines(PartitionSource source) =>
        File.ReadAllBytes(source.Path).AsSpan((int)source.Start, (int)(source.End - source.Start)).Count((byte)'\n');

    private string WriteGzip(string name, string text)
    {
        var path = _files.PathOf(name);
        File.WriteAllBytes(path, Gzip(Encoding.UTF8.GetBytes(text)));
        return path;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Rows of three features and a 0/1 label, of uneven lengths, after <paramref name="skip"/> junk lines and an optional header.</summary>
    private static string Csv(bool header, int skip, int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var s = 0; s < skip; s++)
        {
            text.Append("a line before the data, ").Append(s).Append('\n');
        }

        if (header)
        {
            text.Append("p,q,r,y\n");
        }

        for (var r = 0; r < rows; r++)
        {
            var digits = random.Next(1, 9);
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble().ToString("F" + digits, CultureInfo.InvariantCulture)},{random.Next(-50, 50)},{random.NextDouble() * 1e3:F2},{random.Next(2)}\n");
        }

        return text.ToString();
    }
}
