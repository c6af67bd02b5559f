using System.Globalization;
using System.Text;
using ShardML.Bench;

namespace ShardML.Bench.Tests;

public sealed class DataFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("shardml-bench-").FullName;

    [Fact]
    public void The_npy_files_have_a_64_byte_aligned_version_1_header_and_the_generated_floats()
    {
        var data = new RegressionData(100, 3, 5);
        var xPath = Path.Combine(_directory, "x.npy");
        var yPath = Path.Combine(_directory, "y.npy");

        DataFiles.WriteNpy(data, xPath, yPath);

        var (header, values) = ReadNpy(xPath);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'fortran_order': False", header);
        Assert.Contains("'shape': (100, 3)", header);
        var expected = new float[300];
        var labels = new float[100];
        data.Fill(0, expected, labels);
        Assert.Equal(expected, values);
        var (labelHeader, labelValues) = ReadNpy(yPath);
        Assert.Contains("'shape': (100,)", labelHeader);
        Assert.Equal(labels, labelValues);
    }

    [Fact]
    public void The_csv_parses_back_to_exactly_the_generated_floats()
    {
        var data = new BlobData(50, 4, 3, 2.0, 11);
        var path = Path.Combine(_directory, "d.csv");

        DataFiles.WriteCsv(data, path);

        var lines = File.ReadAllLines(path);
        Assert.Equal("x0,x1,x2,x3", lines[0]);
        var expected = new float[200];
        data.Fill(0, expected, new float[50]);
        var parsed = lines.Skip(1).SelectMany(l => l.Split(',')).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void The_parquet_file_loads_back_to_exactly_the_generated_floats_in_row_groups()
    {
        var data = new RegressionData(50, 4, 11);
        var path = Path.Combine(_directory, "d.parquet");

        DataFiles.WriteParquet(data, path, rowsPerGroup: 16);

        var plan = ShardML.Core.Data.DatasetPlanner.Plan(new ShardML.Core.Data.DatasetOptions { Path = path, Label = "y" }, 4);
        var partitions = plan.Partitions.Select(p => ShardML.Core.Data.PartitionLoader.Load(p)).ToArray();
        var expected = new float[200];
        var labels = new float[50];
        data.Fill(0, expected, labels);
        Assert.Equal(4, plan.Partitions.Count); // 16, 16, 16 and 2 rows
        Assert.Equal(["x0", "x1", "x2", "x3"], plan.Schema.FeatureNames);
        Assert.Equal(expected, partitions.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(labels, partitions.SelectMany(p => p.Labels!));
    }

    [Fact]
    public void The_libsvm_file_holds_the_generated_rows_with_one_based_indices()
    {
        var data = new SparseClassificationData(30, 100, 5, 2);
        var path = Path.Combine(_directory, "s.svm");

        DataFiles.WriteLibSvm(data, 10, 20, path);

        var lines = File.ReadAllLines(path);
        Assert.Equal(20, lines.Length);
        var indices = new int[5];
        var values = new float[5];
        for (var r = 0; r < 20; r++)
        {
            var label = data.Row(10 + r, indices, values);
            var tokens = lines[r].Split(' ');
            Assert.Equal(label, float.Parse(tokens[0], CultureInfo.InvariantCulture));
            Assert.Equal(indices.Select(i => i + 1), tokens[1..].Select(t => int.Parse(t.Split(':')[0], CultureInfo.InvariantCulture)));
            Assert.Equal(values, tokens[1..].Select(t => float.Parse(t.Split(':')[1], CultureInfo.InvariantCulture)));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (string Header, float[] Values) ReadNpy(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        var length = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + length) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, length);
        Assert.EndsWith("\n", header);
        var values = new float[(bytes.Length - 10 - length) / 4];
        Buffer.BlockCopy(bytes, 10 + length, values, 0, values.Length * 4);
        return (header, values);
    }
}
