using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// Multinomial logistic regression solved independently of the engine, in double: Newton's method on
/// f(θ) = 1/n Σᵢ (log Σ_c e^(z_ic) − z_iyᵢ) + λ/2 Σ_c ‖w_c‖², z_ic = w_c·xᵢ + b_c, intercepts unpenalized. θ is laid
/// out as ShardML lays out its coefficients: per class, d weights then the intercept. Adding t to every intercept
/// changes nothing, so the Hessian is singular along that direction; the reference adds μ/2 (Σ_c b_c)², whose
/// gradient is zero wherever Σ_c b_c = 0, which every iterate from θ = 0 keeps (the loss's intercept gradients sum to
/// zero over the classes), so the minimizer found is the one with Σ_c b_c = 0 — the one L-BFGS from 0 finds too.
/// The Newton system is solved by Gaussian elimination and the step halved until f decreases.
/// </summary>
public static class ReferenceSoftmax
{
    private const double InterceptCoupling = 1;

    /// <summary>Fisher's iris as scikit-learn ships it (a line of counts and class names, then the rows, class index last).</summary>
    public static Table Iris()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "LinearModels", "Data", "iris.csv");
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        var rows = new float[lines.Length][];
        var labels = new float[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            rows[i] = [.. fields[..^1].Select(f => float.Parse(f, System.Globalization.CultureInfo.InvariantCulture))];
            labels[i] = float.Parse(fields[^1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Table(["sepal_length", "sepal_width", "petal_length", "petal_width"], rows, labels, "species");
    }

    /// <summary>The class names of <see cref="Iris"/>, by label index (also their ordinal order).</summary>
    public static readonly string[] IrisClasses = ["setosa", "versicolor", "virginica"];

    public static double Objective(Table table, double[] theta, int k, double l2)
    {
        var d = table.Dimension;
        var z = new double[k];
        double sum = 0;
        for (var i = 0; i < table.Count; i++)
        {
            Scores(table.Rows[i], theta, k, z);
            var top = z.Max();
            sum += top + Math.Log(z.Sum(v => Math.Exp(v - top))) - z[(int)table.Labels![i]];
        }

        double squares = 0;
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
            {
                squares += theta[(c * (d + 1)) + j] * theta[(c * (d + 1)) + j];
            }
        }

        return (sum / table.Count) + (l2 / 2 * squares);
    }

    /// <summary>The gradient of the mean loss, 1/n Σ (p_c − [c = y]) x̃ per class (no penalty).</summary>
    public static double[] LossGradient(Table table, double[] theta, int k)
    {
        var d = table.Dimension;
        var g = new double[k * (d + 1)];
        var p = new double[k];
        for (var i = 0; i < table.Count; i++)
        {
            Probabilities(table.Rows[i], theta, k, p);
            p[(int)table.Labels![i]] -= 1;
            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < d; j++)
                {
                    g[(c * (d + 1)) + j] += p[c] * table.Rows[i][j] / table.Count;
                }

                g[(c * (d + 1)) + d] += p[c] / table.Count;
            }
        }

        return g;
    }

    public static double[] Newton(Table table, int k, double l2)
    {
        var d = table.Dimension;
        var stride = d + 1;
        var length = k * stride;
        var theta = new double[length];
        var current = Objective(table, theta, k, l2);
        var p = new double[k];
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var gradient = LossGradient(table, theta, k);
            var hessian = new double[length, length];
            for (var i = 0; i < table.Count; i++)
            {
                Probabilities(table.Rows[i], theta, k, p);
                var x = table.Rows[i];
                for (var a = 0; a < k; a++)
                {
                    for (var b = 0; b < k; b++)
                    {
                        var weight = ((a == b ? p[a] : 0) - (p[a] * p[b])) / table.Count;
                        if (weight == 0)
                        {
                            continue;
                        }

                        for (var r = 0; r <= d; r++)
                        {
                            var xr = r < d ? x[r] : 1.0;
                            for (var s = 0; s <= d; s++)
                            {
                                hessian[(a * stride) + r, (b * stride) + s] += weight * xr * (s < d ? x[s] : 1.0);
                            }
                        }
                    }
                }
            }

            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < d; j++)
                {
                    gradient[(c * stride) + j] += l2 * theta[(c * stride) + j];
                    hessian[(c * stride) + j, (c * stride) + j] += l2;
                }

                for (var e = 0; e < k; e++)
                {
                    hessian[(c * stride) + d, (e * stride) + d] += InterceptCoupling;
                }
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
                var value = Objective(table, next, k, l2);
                if (value <= current || scale < 1e-10)
                {
                    theta = next;
                    current = value;
                    break;
                }

                scale /= 2;
            }
        }

        return theta;
    }

    /// <summary>Share of rows whose largest score is their class.</summary>
    public static double Accuracy(Table table, double[] theta, int k)
    {
        var z = new double[k];
        var right = 0;
        for (var i = 0; i < table.Count; i++)
        {
            Scores(table.Rows[i], theta, k, z);
            right += Array.IndexOf(z, z.Max()) == (int)table.Labels![i] ? 1 : 0;
        }

        return right / (double)table.Count;
    }

    public static void Scores(float[] x, double[] theta, int k, double[] z)
    {
        var stride = x.Length + 1;
        for (var c = 0; c < k; c++)
        {
            var v = theta[(c * stride) + x.Length];
            for (var j = 0; j < x.Length; j++)
            {
                v += theta[(c * stride) + j] * x[j];
            }

            z[c] = v;
        }
    }

    public static void Probabilities(float[] x, double[] theta, int k, double[] p)
    {
        Scores(x, theta, k, p);
        var top = p.Max();
        double sum = 0;
        for (var c = 0; c < k; c++)
        {
            p[c] = Math.Exp(p[c] - top);
            sum += p[c];
        }

        for (var c = 0; c < k; c++)
        {
            p[c] /= sum;
        }
    }
}
