using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// The classification datasets the tests share. Labels are class indices (0 = negative, 1 = positive) written to
/// files as class names; the references read them as y = −1 / +1.
/// </summary>
public static class ClassificationData
{
    public static readonly double[] TrueWeights = [1.5, -2, 0.75, 0, 1];

    public const double TrueIntercept = -0.5;

    /// <summary>d = 5, n = 2000, standard normal features; y ~ Bernoulli(σ(w·x + b)): overlapping classes.</summary>
    public static Table Noisy(int rows = 2000, int seed = 21) => Logistic(rows, TrueWeights, TrueIntercept, seed, margin: null);

    /// <summary>d = 5, n = 1000; y = [w·x + b &gt; 0] with no row within 0.5 of the boundary: linearly separable.</summary>
    public static Table Separable(int rows = 1000, int seed = 22) => Logistic(rows, TrueWeights, TrueIntercept, seed, margin: 0.5);

    /// <summary>Three Gaussian blobs in 3-D, 300 rows each, labels 0, 1, 2.</summary>
    public static Table ThreeBlobs(int seed = 23) =>
        Generate.Blobs([[0, 0, 0], [4, 4, 0], [-4, 3, 3]], 900, 1.0, seed);

    /// <summary>The same rows with labels −1 / +1, for LibSVM files.</summary>
    public static Table Signed(Table table) => table with { Labels = table.Labels!.Select(l => l == 1 ? 1f : -1f).ToArray() };

    public static async Task<LinearClassifierModel> TrainAsync(IPartitionExecutor executor, LinearModelOptions options) =>
        (LinearClassifierModel)await new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None);

    private static Table Logistic(int rows, double[] weights, double intercept, int seed, double? margin)
    {
        var random = new Random(seed);
        var x = new float[rows][];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            while (true)
            {
                var row = weights.Select(_ => (float)Generate.Gaussian(random)).ToArray();
                var z = intercept + row.Select((v, j) => v * weights[j]).Sum();
                if (margin is { } m)
                {
                    if (Math.Abs(z) < m)
                    {
                        continue;
                    }

                    y[i] = z > 0 ? 1 : 0;
                }
                else
                {
                    y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
                }

                x[i] = row;
                break;
            }
        }

        return new Table(Table.Names("x", weights.Length), x, y, "label");
    }
}
