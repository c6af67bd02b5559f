using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// Ordinary least squares the textbook way, independent of the engine: the (d+1) × (d+1) normal equations
/// ZᵀZ θ = Zᵀy with an intercept column of ones appended to X, built in double and solved by Gaussian elimination
/// with partial pivoting. With a penalty it solves the objective documented on <c>LinearModelOptions</c>,
/// 1/(2n) Σ r² + λ/2 Σ (sⱼ wⱼ)² with sⱼ the sample standard deviation (n − 1), whose normal equations are
/// (ZᵀZ + nλ diag(s², 0)) θ = Zᵀy.
/// </summary>
public static class ReferenceLeastSquares
{
    public static (double[] Weights, double Intercept) Solve(Table table, double l2 = 0)
    {
        var d = table.Dimension;
        var m = d + 1;
        var a = new double[m, m];
        var b = new double[m];
        var z = new double[m];
        for (var i = 0; i < table.Count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[j] = table.Rows[i][j];
            }

            z[d] = 1;
            for (var r = 0; r < m; r++)
            {
                for (var c = 0; c < m; c++)
                {
                    a[r, c] += z[r] * z[c];
                }

                b[r] += z[r] * table.Labels![i];
            }
        }

        if (l2 > 0)
        {
            for (var j = 0; j < d; j++)
            {
                var deviation = StandardDeviation(table, j);
                a[j, j] += table.Count * l2 * deviation * deviation;
            }
        }

        var theta = GaussianElimination(a, b);
        return (theta[..d], theta[d]);
    }

    /// <summary>
    /// Ordinary least squares without forming the normal equations: Householder QR of Z = [X 1] applied to y, then
    /// back substitution on R θ = Qᵀy. Its error grows with the condition number of Z, not its square, so it stays a
    /// reference where ZᵀZ loses every digit (a feature whose mean dwarfs its spread).
    /// </summary>
    public static (double[] Weights, double Intercept) SolveByQr(Table table)
    {
        var n = table.Count;
        var d = table.Dimension;
        var m = d + 1;
        var z = new double[n, m];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[i, j] = table.Rows[i][j];
            }

            z[i, d] = 1;
            y[i] = table.Labels![i];
        }

        for (var k = 0; k < m; k++)
        {
            double norm = 0;
            for (var i = k; i < n; i++)
            {
                norm += z[i, k] * z[i, k];
            }

            norm = Math.Sqrt(norm);
            var alpha = z[k, k] > 0 ? -norm : norm;
            var v = new double[n];
            v[k] = z[k, k] - alpha;
            for (var i = k + 1; i < n; i++)
            {
                v[i] = z[i, k];
            }

            double vv = 0;
            for (var i = k; i < n; i++)
            {
                vv += v[i] * v[i];
            }

            for (var c = k; c < m; c++)
            {
                Reflect(v, vv, k, n, i => z[i, c], (i, value) => z[i, c] = value);
            }

            Reflect(v, vv, k, n, i => y[i], (i, value) => y[i] = value);
        }

        var theta = new double[m];
        for (var r = m - 1; r >= 0; r--)
        {
            var sum = y[r];
            for (var c = r + 1; c < m; c++)
            {
                sum -= z[r, c] * theta[c];
            }

            theta[r] = sum / z[r, r];
        }

        return (theta[..d], theta[d]);
    }

    /// <summary>a ← (I − 2vvᵀ/vᵀv) a over rows k..n−1.</summary>
    private static void Reflect(double[] v, double vv, int k, int n, Func<int, double> get, Action<int, double> set)
    {
        double dot = 0;
        for (var i = k; i < n; i++)
        {
            dot += v[i] * get(i);
        }

        var factor = 2 * dot / vv;
        for (var i = k; i < n; i++)
        {
            set(i, get(i) - (factor * v[i]));
        }
    }

    /// <summary>Sample standard deviation of feature <paramref name="j"/>, two passes in double.</summary>
    public static double StandardDeviation(Table table, int j)
    {
        var mean = table.Rows.Average(r => (double)r[j]);
        return Math.Sqrt(table.Rows.Sum(r => (r[j] - mean) * (r[j] - mean)) / (table.Count - 1));
    }

    /// <summary>Solves A x = b, overwriting both.</summary>
    public static double[] GaussianElimination(double[,] a, double[] b)
    {
        var m = b.Length;
        for (var column = 0; column < m; column++)
        {
            var pivot = column;
            for (var r = column + 1; r < m; r++)
            {
                if (Math.Abs(a[r, column]) > Math.Abs(a[pivot, column]))
                {
                    pivot = r;
                }
            }

            if (a[pivot, column] == 0)
            {
                throw new InvalidOperationException("singular system");
            }

            for (var c = 0; c < m; c++)
            {
                (a[column, c], a[pivot, c]) = (a[pivot, c], a[column, c]);
            }

            (b[column], b[pivot]) = (b[pivot], b[column]);
            for (var r = column + 1; r < m; r++)
            {
                var factor = a[r, column] / a[column, column];
                for (var c = column; c < m; c++)
                {
                    a[r, c] -= factor * a[column, c];
                }

                b[r] -= factor * b[column];
            }
        }

        var x = new double[m];
        for (var r = m - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < m; c++)
            {
                sum -= a[r, c] * x[c];
            }

            x[r] = sum / a[r, r];
        }

        return x;
    }
}
