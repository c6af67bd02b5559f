using System.Globalization;
using System.Text;

namespace ShardML.Runtime.Tests;

/// <summary>Small generated datasets on disk, deleted with the instance.</summary>
public sealed class SampleFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("shardml-runtime-").FullName;

    /// <summary>Four Gaussian blobs in 3 dimensions with a label column, plus a regression target.</summary>
    public string Blobs(int rows = 2000, int seed = 5)
    {
        var random = new Random(seed);
        double[][] centers = [[0, 0, 0], [9, 9, 0], [-9, 7, 4], [6, -8, -6]];
        var text = new StringBuilder("x1,x2,x3,target\n");
        for (var i = 0; i < rows; i++)
        {
            var c = centers[i % centers.Length];
            var x = c.Select(m => m + Gaussian(random)).ToArray();
            var y = (2 * x[0]) - (3 * x[1]) + (0.5 * x[2]) + 4 + (0.1 * Gaussian(random));
            text.Append(string.Join(',', x.Select(v => v.ToString("F5", CultureInfo.InvariantCulture))))
                .Append(',').Append(y.ToString("F5", CultureInfo.InvariantCulture)).Append('\n');
        }

        return Write("blobs.csv", text.ToString());
    }

    /// <summary>Two overlapping classes in 3-D with string labels (west, east).</summary>
    public string TwoSides()
    {
        var random = new Random(8);
        var text = new StringBuilder("x1,x2,x3,side\n");
        for (var i = 0; i < 1200; i++)
        {
            var west = i % 2 == 0;
            var x = new[] { (west ? -1 : 1) + random.NextDouble() - 0.5, random.NextDouble(), (west ? 0.3 : -0.3) + random.NextDouble() - 0.5 };
            text.Append(string.Join(',', x.Select(v => v.ToString("F5", CultureInfo.InvariantCulture)))).Append(',').Append(west ? "west" : "east").Append('\n');
        }

        return Write("sides.csv", text.ToString());
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
