using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Data.Shard;
using ShardML.Core.Tests.Support;
using ShardML.Testing;

namespace ShardML.Core.Tests.Data;

public sealed class LoadMeterTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData("csv", MissingValues.Error)]
    [InlineData("csv", MissingValues.Drop)]
    [InlineData("parquet", MissingValues.Error)]
    [InlineData("parquet", MissingValues.Mean)]
    [InlineData("shard", MissingValues.Error)]
    [InlineData("libsvm", MissingValues.Error)]
    public void A_load_counts_every_byte_the_plan_reads_and_every_row(string format, MissingValues missing)
    {
        var table = new ParquetTable()
            .Add("x", Enumerable.Range(0, 200_000).Select(i => i * 0.5f).ToArray())
            .AddNullable("z", Enumerable.Range(0, 200_000).Select(i => i % 9 == 0 ? (float?)null : i).ToArray())
            .Add("y", Enumerable.Range(0, 200_000).Select(i => (float)(i % 3)).ToArray());
        var path = format switch
        {
            "parquet" => table.Write(_files.PathOf("t.parquet"), rowsPerGroup: 30_000),
            "libsvm" => _files.Write("t.svm", string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i % 3} 1:{i}\n"))),
            _ => _files.Write("t.csv", table.ToCsv()),
        };
        if (format == "shard")
        {
            path = _files.PathOf("t.shard");
            using var writer = new ShardFileWriter(path, new ShardMetadata(["x", "z"], "y", null), hasLabels: true);
            writer.Append([.. Enumerable.Range(0, 200_000).SelectMany(i => new[] { i * 0.5f, i })], [.. Enumerable.Range(0, 200_000).Select(i => (float)(i % 3))]);
            writer.Complete();
        }

        var gaps = format is "csv" or "parquet" && missing == MissingValues.Error ? ["z"] : (string[]?)null; // the plain readers: no nulls
        var plan = TempFiles.Prepare(new DatasetOptions { Path = path, Missing = missing, Ignore = gaps }, 3);
        var meter = new LoadMeter();

        var partitions = plan.Partitions.Select(p => PartitionLoader.Load(p, meter, CancellationToken.None)).ToArray();

        Assert.True(plan.Bytes > 0);
        Assert.Equal(plan.Bytes, meter.Bytes);
        Assert.Equal(200_000, meter.Rows);
        Assert.Equal(200_000, partitions.Sum(p => p.RowCount + p.DroppedRows));
    }

    public void Dispose() => _files.Dispose();
}
