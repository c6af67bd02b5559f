namespace ShardML.Algorithms.Tests.Support;

/// <summary>Seeded synthetic datasets; every value is rounded to float once, here.</summary>
public static class Generate
{
    /// <summary>
    /// y = X·w + b + noise, where feature j is Gaussian with mean <paramref name="means"/>[j] and standard deviation
    /// <paramref name="scales"/>[j].
    /// </summary>
    public static Table Regression(int rows, double[] means, double[] scales, double[] weights, double intercept, double noise, int seed)
    {
        var random = new Random(seed);
        var d = means.Length;
        var x = new float[rows][];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = new float[d];
            var target = intercept + (noise * Gaussian(random));
            for (var j = 0; j < d; j++)
            {
                x[i][j] = (float)(means[j] + (scales[j] * Gaussian(random)));
                target += weights[j] * x[i][j];
            }

            y[i] = (float)target;
        }

        return new Table(Table.Names("x", d), x, y);
    }

    /// <summary>
    /// Like <see cref="Regression"/> but each feature is zero with probability 1 − <paramref name="density"/> and
    /// otherwise Gaussian with mean 0 and standard deviation <paramref name="scales"/>[j].
    /// </summary>
    public static Table SparseRegression(int rows, double density, double[] scales, double[] weights, double intercept, double noise, int seed)
    {
        var random = new Random(seed);
        var d = scales.Length;
        var x = new float[rows][];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = new float[d];
            var target = intercept + (noise * Gaussian(random));
            for (var j = 0; j < d; j++)
            {
                var value = random.NextDouble() < density ? (float)(scales[j] * Gaussian(random)) : 0f;
                x[i][j] = value == 0 ? 0f : value; // no negative zero
                target += weights[j] * x[i][j];
            }

            y[i] = (float)target;
        }

        return new Table(Table.Names("x", d), x, y);
    }

    /// <summary>Isotropic Gaussian blobs; row i belongs to blob i mod k, and its label is the blob's index.</summary>
    public static Table Blobs(double[][] centers, int rows, double deviation, int seed)
    {
        var random = new Random(seed);
        var d = centers[0].Length;
        var x = new float[rows][];
        var labels = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var blob = i % centers.Length;
            x[i] = centers[blob].Select(c => (float)(c + (deviation * Gaussian(random)))).ToArray();
            labels[i] = blob;
        }

        return new Table(Table.Names("x", d), x, labels, "blob");
    }

    /// <summary>A standard normal deviate by the Box–Muller transform.</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
