using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// L2-regularized logistic regression solved independently of the engine: Newton's method in double on
/// f(w, b) = 1/n Σ log(1 + exp(−yᵢ(w·xᵢ + b))) + λ/2 ‖w‖² (intercept unpenalized), with y = +1 for label 1 and −1
/// otherwise; the (d+1)² Hessian 1/n Σ pᵢ(1 − pᵢ) x̃ᵢx̃ᵢᵀ + λ diag(1, …, 1, 0) solved by Gaussian elimination, halving the
/// step until f decreases. Quadratic convergence: a few iterations reach machine precision.
/// </summary>
public static class ReferenceLogistic
{
    public static double Objective(Table table, IReadOnlyList<double> w, double b, double l2)
    {
        double sum = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var m = Label(table, i) * Score(table.Rows[i], w, b);
            sum += Math.Max(-m, 0) + Math.Log(1 + Math.Exp(-Math.Abs(m)));
        }

        return (sum / table.Count) + (l2 / 2 * w.Sum(v => v * v));
    }

    /// <summary>The gradient of the loss part, 1/n Σ ℓ′ x̃ (no penalty), for optimality checks.</summary>
    public static double[] LossGradient(Table table, IReadOnlyList<double> w, double b)
    {
        var d = table.Dimension;
        var g = new double[d + 1];
        for (var i = 0; i < table.Count; i++)
        {
            var y = Label(table, i);
            var r = -y / (1 + Math.Exp(y * Score(table.Rows[i], w, b)));
            for (var j = 0; j < d; j++)
            {
                g[j] += r * table.Rows[i][j] / table.Count;
            }

            g[d] += r / table.Count;
        }

        return g;
    }

    public static (double[] Weights, double Intercept) Newton(Table table, double l2)
    {
        var d = table.Dimension;
        var theta = new double[d + 1];
        var current = Objective(table, theta[..d], theta[d], l2);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var hessian = new double[d + 1, d + 1];
            var gradient = LossGradient(table, theta[..d], theta[d]);
            for (var i = 0; i < table.Count; i++)
            {
                var p = 1 / (1 + Math.Exp(-Score(table.Rows[i], theta[..d], theta[d])));
                var weight = p * (1 - p) / table.Count;
                for (var r = 0; r <= d; r++)
                {
                    var xr = r < d ? table.Rows[i][r] : 1.0;
                    for (var c = 0; c <= d; c++)
                    {
                        hessian[r, c] += weight * xr * (c < d ? table.Rows[i][c] : 1.0);
                    }
                }
            }

            for (var j = 0; j < d; j++)
            {
                gradient[j] += l2 * theta[j];
                hessian[j, j] += l2;
            }

            if (Math.Sqrt(gradient.Sum(g => g * g)) < 1e-15)
            {
                break;
            }

            var step = ReferenceLeastSquares.GaussianElimination(hessian, (double[])gradient.Clone());
            var scale = 1.0;
            while (true)
            {
                var next = theta.Select((t, j) => t - (scale * step[j])).ToArray();
                var value = Objective(table, next[..d], next[d], l2);
                if (value <= current || scale < 1e-10)
                {
                    theta = next;
                    current = value;
                    break;
                }

                scale /= 2;
            }
        }

        return (theta[..d], theta[d]);
    }

    /// <summary>Share of rows with the right side of the boundary.</summary>
    public static double Accuracy(Table table, IReadOnlyList<double> w, double b) =>
        Enumerable.Range(0, table.Count).Count(i => (Score(table.Rows[i], w, b) > 0) == (Label(table, i) > 0)) / (double)table.Count;

    public static double Label(Table table, int i) => table.Labels![i] == 1 ? 1 : -1;

    public static double Score(float[] x, IReadOnlyList<double> w, double b)
    {
        var z = b;
        for (var j = 0; j < x.Length; j++)
        {
            z += w[j] * x[j];
        }

        return z;
    }
}
