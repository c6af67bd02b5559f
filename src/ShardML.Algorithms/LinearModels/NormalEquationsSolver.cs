using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Least squares exactly, from the normal equations: one distributed pass of centered moments
/// (<see cref="NormalEquationsStep"/>, merged by Chan's update in <see cref="NormalEquations"/>), then on the driver
/// (C/n + λ₂ diag(s²)) w = c/n on the centered covariance C and cross-moments c, b = ȳ − x̄·w, solved by Cholesky; s is
/// each feature's standard deviation with standardization and 1 without, so the penalty is the one the other solvers
/// apply in standardized coordinates. Minimizes the objective of <see cref="LinearModelOptions"/> with the squared
/// loss and no L1. Cost: one pass of n·d²/2 multiply-adds (nnz² per sparse row), d² doubles per partition on the wire,
/// O(d³) on the driver: hence <see cref="LinearModelOptions.NormalSolverMaximumFeatures"/>. Nothing to checkpoint.
/// </summary>
internal static class NormalEquationsSolver
{
    public static async Task<SolverResult> SolveAsync(LinearProblem problem, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var options = problem.Options;
        var d = problem.Dimension;
        progress?.Report(new TrainingProgress("iteration", 1, 1, double.NaN));
        var sums = await problem.Executor.RunAsync(new NormalEquationsStep(d), cancellationToken);
        var n = (double)sums.Count;
        var meanX = sums.FeatureMeans;
        var covariance = new double[d * d];
        var rhs = new double[d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                covariance[(i * d) + j] = sums.Comoments[(i * d) + j] / n;
            }

            rhs[i] = sums.CrossComoments[i] / n;
        }

        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var variance = Math.Max(0, covariance[(j * d) + j]) * n / Math.Max(1, n - 1);
            scale[j] = options.Standardize && variance > 0 ? Math.Sqrt(variance) : 1.0;
        }

        var system = (double[])covariance.Clone();
        for (var j = 0; j < d; j++)
        {
            system[(j * d) + j] += options.L2 * scale[j] * scale[j];
        }

        if (!CholeskySolver.TrySolve(system, rhs, d, out var weights))
        {
            // Centered moments give a constant feature a variance of exactly 0, or of the mean's rounding (~u²·x̄²).
            var names = problem.Executor.Dataset.Schema.FeatureNames;
            var constant = Enumerable.Range(0, d).Where(j => covariance[(j * d) + j] <= 1e-24 * Math.Max(1, meanX[j] * meanX[j])).Select(j => names[j]).ToArray();
            var why = constant.Length > 0 ? $"features {InputExcerpt.Names(constant)} are constant" : "the features are collinear";
            // An argument error: the remedy is an option, so the CLI reports it as a usage error, not a failure of ours.
            throw new ArgumentException($"the normal equations are singular: {why}; add an L2 penalty (`L2`) or drop them", nameof(problem));
        }

        var intercept = sums.LabelMean;
        for (var j = 0; j < d; j++)
        {
            intercept -= weights[j] * meanX[j];
        }

        var loss = Objective(sums, weights, intercept, scale, options.L2);
        var coefficients = new double[d + 1];
        weights.CopyTo(coefficients, 0);
        coefficients[d] = intercept;
        return new SolverResult(coefficients, 1, true, [loss], loss, [])
        {
            Scaling = options.Standardize ? new FeatureScaling(meanX, scale) : null,
        };
    }

    /// <summary>The objective at the solution from the centered moments alone: Σr² = wᵀCw − 2wᵀc + Σ(y − ȳ)² + n(w·x̄ + b − ȳ)².</summary>
    private static double Objective(NormalEquations sums, double[] w, double b, double[] scale, double lambda)
    {
        var d = w.Length;
        var n = (double)sums.Count;
        double quadratic = 0;
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                quadratic += w[i] * sums.Comoments[(i * d) + j] * w[j];
            }
        }

        double cross = 0;
        double offset = b - sums.LabelMean;
        double penalty = 0;
        for (var j = 0; j < d; j++)
        {
            cross += w[j] * sums.CrossComoments[j];
            offset += w[j] * sums.FeatureMeans[j];
            penalty += scale[j] * scale[j] * w[j] * w[j];
        }

        var squared = quadratic - (2 * cross) + sums.LabelComoment + (n * offset * offset);
        return (Math.Max(0, squared) / (2 * n)) + (lambda / 2 * penalty);
    }
}
