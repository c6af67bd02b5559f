using ShardML.Core.Data;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class InputSplitterTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(200)]
    public void Every_row_is_read_by_exactly_one_partition_in_file_order(int partitions)
    {
        var path = _files.Write("d.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 61).Select(i => $"{i},{i * 1000}\n")));

        var loaded = TempFiles.Load(path, partitions);

        Assert.Equal(partitions, loaded.Length);
        Assert.Equal(Enumerable.Range(0, 61).Select(i => (float)i), loaded.SelectMany(p => p.Dense!.AllRows.ToArray()));
        Assert.Equal(Enumerable.Range(0, 61).Select(i => i * 1000f), loaded.SelectMany(p => p.Labels!));
    }

    [Fact]
    public void Ranges_tile_the_data_and_each_starts_at_a_line_start()
    {
        var text = "x,y\n" + string.Concat(Enumerable.Range(0, 97).Select(i => $"{i * 37 % 1000},{i}\r\n"));
        var path = _files.Write("d.csv", text);
        var bytes = File.ReadAllBytes(path);

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path }, 9);

        Assert.Equal(4, plan.Partitions[0].Start);
        Assert.Equal(bytes.Length, plan.Partitions[^1].End);
        for (var i = 0; i < plan.Partitions.Count; i++)
        {
            var p = plan.Partitions[i];
            Assert.Equal(i, p.Index);
            Assert.True(p.Start == 4 || bytes[p.Start - 1] == (byte)'\n', $"partition {i} starts mid-line");
            if (i > 0)
            {
                Assert.Equal(plan.Partitions[i - 1].End, p.Start);
            }
        }
    }

    [Fact]
    public void More_partitions_than_lines_leaves_some_empty()
    {
        var path = _files.Write("d.csv", "x,y\n1,2\n3,4\n");

        var loaded = TempFiles.Load(path, 8);

        Assert.Equal(2, loaded.Sum(p => p.RowCount));
        Assert.Contains(loaded, p => p.RowCount == 0);
    }

    public void Dispose() => _files.Dispose();
}
