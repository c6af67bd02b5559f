using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>
/// Lloyd's algorithm the plain way, in double, for comparison with the engine: assign every row to the nearest
/// center by exact squared distance (ties to the lowest index), move every center to its cluster's mean.
/// </summary>
public sealed class ReferenceLloyd
{
    private ReferenceLloyd(double[][] centers, int[] assignments, double inertia, double[] history)
    {
        Centers = centers;
        Assignments = assignments;
        Inertia = inertia;
        History = history;
    }

    public double[][] Centers { get; }

    /// <summary>Each row's nearest final center.</summary>
    public int[] Assignments { get; }

    /// <summary>Σ squared distance to the nearest final center.</summary>
    public double Inertia { get; }

    /// <summary>The inertia before each update.</summary>
    public double[] History { get; }

    public static ReferenceLloyd Run(Table table, float[][] initial, int iterations)
    {
        var centers = initial.Select(c => c.Select(v => (double)v).ToArray()).ToArray();
        var history = new double[iterations];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var (assigned, inertia) = Assign(table, centers);
            history[iteration] = inertia;
            centers = Means(table, assigned, centers.Length);
        }

        var (assignments, final) = Assign(table, centers);
        return new ReferenceLloyd(centers, assignments, final, history);
    }

    public static (int[] Assignments, double Inertia) Assign(Table table, double[][] centers)
    {
        var assignments = new int[table.Count];
        double inertia = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var best = double.PositiveInfinity;
            for (var c = 0; c < centers.Length; c++)
            {
                double distance = 0;
                for (var f = 0; f < table.Dimension; f++)
                {
                    var difference = table.Rows[i][f] - centers[c][f];
                    distance += difference * difference;
                }

                if (distance < best)
                {
                    best = distance;
                    assignments[i] = c;
                }
            }

            inertia += best;
        }

        return (assignments, inertia);
    }

    /// <summary>The mean of each cluster's rows; fails on an empty cluster, which a reference comparison must avoid.</summary>
    public static double[][] Means(Table table, IReadOnlyList<int> assignments, int k)
    {
        var sums = new double[k][];
        var counts = new int[k];
        for (var c = 0; c < k; c++)
        {
            sums[c] = new double[table.Dimension];
        }

        for (var i = 0; i < table.Count; i++)
        {
            counts[assignments[i]]++;
            for (var f = 0; f < table.Dimension; f++)
            {
                sums[assignments[i]][f] += table.Rows[i][f];
            }
        }

        Assert.DoesNotContain(0, counts);
        return sums.Select((s, c) => s.Select(v => v / counts[c]).ToArray()).ToArray();
    }
}
