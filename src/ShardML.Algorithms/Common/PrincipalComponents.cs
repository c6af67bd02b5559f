using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// The leading principal components of the features, from one distributed pass: the centered co-moments merged by
/// Chan's update (<see cref="NormalEquationsStep"/>, labels ignored) give the covariance C = Σ(x − x̄)(x − x̄)ᵀ/(n − 1);
/// its top eigenvectors come from orthogonal (subspace) iteration on the d × d matrix, started from a fixed basis, so
/// the result is deterministic. Cost: the pass (n·d²/2 multiply-adds), then O(d²·m) per iteration on the driver.
/// </summary>
/// <param name="Mean">x̄.</param>
/// <param name="Directions">Unit eigenvectors of C, largest eigenvalue first; each signed so its largest component is positive.</param>
/// <param name="Variances">The eigenvalues: the variance of the data along each direction.</param>
/// <param name="TotalVariance">The trace of C, so Variances[i] / TotalVariance is the share explained.</param>
public sealed record PrincipalComponents(double[] Mean, double[][] Directions, double[] Variances, double TotalVariance)
{
    private const int MaximumIterations = 1000;

    public static async Task<PrincipalComponents> ComputeAsync(IPartitionExecutor executor, int dimension, int components, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        var moments = await executor.RunAsync(new NormalEquationsStep(dimension), cancellationToken);
        var d = dimension;
        var scale = moments.Count > 1 ? 1.0 / (moments.Count - 1) : 1.0;
        var covariance = moments.Comoments.Select(c => c * scale).ToArray();
        var (directions, variances) = TopEigenvectors(covariance, d, Math.Min(components, d));
        var trace = Enumerable.Range(0, d).Sum(j => covariance[(j * d) + j]);
        return new PrincipalComponents(moments.FeatureMeans, directions, variances, trace);
    }

    /// <summary>The coordinates of <paramref name="row"/> along each direction, after centering.</summary>
    public double[] Project(ReadOnlySpan<float> row)
    {
        var coordinates = new double[Directions.Length];
        for (var c = 0; c < Directions.Length; c++)
        {
            double sum = 0;
            for (var j = 0; j < Mean.Length; j++)
            {
                sum += (row[j] - Mean[j]) * Directions[c][j];
            }

            coordinates[c] = sum;
        }

        return coordinates;
    }

    /// <summary>Orthogonal iteration: Q ← orth(C·Q) until the Rayleigh quotients settle to 1e-12 relative.</summary>
    private static (double[][] Directions, double[] Values) TopEigenvectors(double[] matrix, int d, int m)
    {
        var q = new double[m][];
        for (var c = 0; c < m; c++)
        {
            q[c] = new double[d];
            for (var j = 0; j < d; j++)
            {
                q[c][j] = j == c ? 1 : 1.0 / (1 + j + c); // not orthogonal to any eigenvector but by accident
            }
        }

        Orthonormalize(q);
        var values = new double[m];
        for (var iteration = 0; iteration < MaximumIterations; iteration++)
        {
            var next = q.Select(v => Multiply(matrix, v, d)).ToArray();
            var previous = (double[])values.Clone();
            for (var c = 0; c < m; c++)
            {
                values[c] = Dot(q[c], next[c]);
            }

            Orthonormalize(next);
            q = next;
            if (iteration > 0 && values.Zip(previous).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * Math.Max(Math.Abs(p.First), double.Epsilon)))
            {
                break;
            }
        }

        foreach (var v in q)
        {
            var largest = v.MaxBy(Math.Abs);
            if (largest < 0)
            {
                for (var j = 0; j < d; j++)
                {
                    v[j] = -v[j];
                }
            }
        }

        return (q, values);
    }

    private static double[] Multiply(double[] matrix, double[] v, int d)
    {
        var result = new double[d];
        for (var i = 0; i < d; i++)
        {
            result[i] = Dot(matrix.AsSpan(i * d, d), v);
        }

        return result;
    }

    /// <summary>Modified Gram–Schmidt; a vector that vanishes (rank-deficient data) is left at zero.</summary>
    private static void Orthonormalize(double[][] vectors)
    {
        for (var c = 0; c < vectors.Length; c++)
        {
            for (var p = 0; p < c; p++)
            {
                var projection = Dot(vectors[c], vectors[p]);
                for (var j = 0; j < vectors[c].Length; j++)
                {
                    vectors[c][j] -= projection * vectors[p][j];
                }
            }

            var norm = Math.Sqrt(Dot(vectors[c], vectors[c]));
            for (var j = 0; j < vectors[c].Length; j++)
            {
                vectors[c][j] = norm > 0 ? vectors[c][j] / norm : 0;
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }
}
