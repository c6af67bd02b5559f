using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Svm;

/// <summary>
/// The L1-loss linear SVM solved on the whole dataset at once, independently of the engine: LIBLINEAR's dual
/// coordinate descent (Hsieh et al. 2008, Algorithm 1) in double, for min ½‖w̃‖² + C Σ max(0, 1 − yᵢ w̃·x̃ᵢ) with
/// x̃ = (x, 1) and C = 1/(λn) — the same minimizer as P(w̃) = λ/2 ‖w̃‖² + 1/n Σ hinge. Rows in a seeded random order
/// each epoch, until the projected gradient's spread is below 1e-10 or 5000 epochs.
/// </summary>
public static class ReferenceDualCoordinateDescent
{
    public static (double[] Weights, double Intercept) Solve(Table table, double l2)
    {
        var n = table.Count;
        var d = table.Dimension;
        var c = 1.0 / (l2 * n);
        var alpha = new double[n];
        var w = new double[d + 1];
        var q = table.Rows.Select(x => 1 + x.Sum(v => (double)v * v)).ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(1);
        for (var epoch = 0; epoch < 5000; epoch++)
        {
            random.Shuffle(order);
            double largest = double.NegativeInfinity, smallest = double.PositiveInfinity;
            foreach (var i in order)
            {
                var y = ReferenceLogistic.Label(table, i);
                var g = (y * ReferenceLogistic.Score(table.Rows[i], w, w[d])) - 1;
                var projected = alpha[i] == 0 ? Math.Min(g, 0) : alpha[i] == c ? Math.Max(g, 0) : g;
                largest = Math.Max(largest, projected);
                smallest = Math.Min(smallest, projected);
                if (projected != 0)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Min(Math.Max(old - (g / q[i]), 0), c);
                    var delta = (alpha[i] - old) * y;
                    for (var j = 0; j < d; j++)
                    {
                        w[j] += delta * table.Rows[i][j];
                    }

                    w[d] += delta;
                }
            }

            if (largest - smallest < 1e-10)
            {
                break;
            }
        }

        return (w[..d], w[d]);
    }

    /// <summary>P(w̃) = λ/2 ‖w̃‖² + 1/n Σ max(0, 1 − yᵢ w̃·x̃ᵢ), the bias inside the penalty.</summary>
    public static double Primal(Table table, IReadOnlyList<double> w, double b, double l2)
    {
        double hinge = 0;
        for (var i = 0; i < table.Count; i++)
        {
            hinge += Math.Max(0, 1 - (ReferenceLogistic.Label(table, i) * ReferenceLogistic.Score(table.Rows[i], w, b)));
        }

        return (l2 / 2 * (w.Sum(v => v * v) + (b * b))) + (hinge / table.Count);
    }
}
