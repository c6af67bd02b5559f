using MathNet.Numerics.LinearAlgebra;
using ShardML.Algorithms.Privacy;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Differentially private least squares by sufficient-statistics perturbation, AdaSSP (Wang, "Revisiting differentially
/// private linear regression", AISTATS 2018, Algorithm 2): one distributed pass of clipped moments
/// (<see cref="ClippedMomentsStep"/>: rows and labels mapped into [−1, 1] by public bounds, a constant 1 appended), then on
/// the driver three releases, each (ε/3, δ/3)-DP by the analytic Gaussian mechanism (<see cref="AnalyticGaussian"/>):
/// λ̃ = max(λ_min(XᵀX) + σ₁z − σ₁√(2 ln(2/ρ)), 0), a lower confidence bound (ρ = 0.05) on the smallest eigenvalue
/// (sensitivity d + 1); XᵀX + σ₂Z with Z a symmetric Gaussian matrix (sensitivity d + 1 in Frobenius norm); Xᵀy + σ₃z
/// (sensitivity √(d + 1)). The ridge λ = max(0, √(d ln(2d²/ρ))·σ₂ − λ̃) keeps the noisy system well conditioned, and
/// θ = (XᵀX̃ + λI)⁻¹ Xᵀỹ; the model maps θ back to raw features and labels. The three shares compose to (ε, δ).
/// Only the model is released: no loss is computed on the data. Cost: one pass, (d + 1)² per row, O(d³) on the driver.
/// </summary>
internal static class PrivateNormalEquationsSolver
{
    private const double Rho = 0.05;

    public static async Task<SolverResult> SolveAsync(LinearProblem problem, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var privacy = problem.Options.Privacy!;
        var d = problem.Dimension;
        var k = d + 1;
        var (lower, upper) = privacy.Bounds!.For(problem.Executor.Dataset.Schema.FeatureNames);
        var label = privacy.LabelBounds!;
        progress?.Report(new TrainingProgress("iteration", 1, 1, double.NaN));
        var moments = await problem.Executor.RunAsync(new ClippedMomentsStep(lower, upper, label[0], label[1]), cancellationToken);

        var gram = Matrix<double>.Build.Dense(k, k, (a, b) => moments.Products[(Math.Min(a, b) * k) + Math.Max(a, b)]);
        var cross = Vector<double>.Build.DenseOfArray(moments.Cross);
        var (epsilon, delta) = (privacy.Epsilon / 3, privacy.Delta / 3);
        var sigmaEigen = AnalyticGaussian.Sigma(epsilon, delta, k);
        var sigmaGram = AnalyticGaussian.Sigma(epsilon, delta, k);
        var sigmaCross = AnalyticGaussian.Sigma(epsilon, delta, Math.Sqrt(k));
        var noise = new NoiseSource(privacy.TestSeed);

        var draw = new double[1];
        noise.Gaussian(draw, sigmaEigen, 0);
        var smallest = gram.Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
        var lowerEigen = Math.Max(0, smallest + draw[0] - (sigmaEigen * Math.Sqrt(2 * Math.Log(2 / Rho))));

        var symmetric = new double[k * (k + 1) / 2];
        noise.Gaussian(symmetric, sigmaGram, 1);
        var at = 0;
        for (var a = 0; a < k; a++)
        {
            for (var b = a; b < k; b++)
            {
                gram[a, b] += symmetric[at];
                if (a != b)
                {
                    gram[b, a] += symmetric[at];
                }

                at++;
            }
        }

        var crossNoise = new double[k];
        noise.Gaussian(crossNoise, sigmaCross, 2);
        cross += Vector<double>.Build.DenseOfArray(crossNoise);

        var ridge = Math.Max(0, (Math.Sqrt(d * Math.Log(2.0 * d * d / Rho)) * sigmaGram) - lowerEigen);
        var theta = (gram + (ridge * Matrix<double>.Build.DenseIdentity(k))).Solve(cross);
        if (theta.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("the noisy normal equations are singular; raise `Epsilon` or use DP-SGD (`Solver` sgd)");
        }

        // y = half_y (θ·x′ + θ₀) + mid_y with x′ⱼ = (xⱼ − midⱼ)/halfⱼ, on raw features.
        var labelHalf = (label[1] - label[0]) / 2;
        var coefficients = new double[k];
        var intercept = theta[d];
        for (var j = 0; j < d; j++)
        {
            var half = (upper[j] - lower[j]) / 2;
            coefficients[j] = labelHalf * theta[j] / half;
            intercept -= theta[j] * (lower[j] + half) / half;
        }

        coefficients[d] = (labelHalf * intercept) + label[0] + labelHalf;
        string[] shares =
        [
            $"λ_min, XᵀX and Xᵀy each (ε/3, δ/3) by the analytic Gaussian mechanism: σ = {sigmaEigen:G4}, {sigmaGram:G4}, {sigmaCross:G4} on rows scaled into [−1, 1]; ridge λ = {ridge:G4}",
        ];
        List<string> notes = ["no loss or metric is computed on the training rows of a private model: it would be a release the budget does not cover; evaluate on held-out rows"];
        if (privacy.TestSeed is not null)
        {
            notes.Add("the noise came from a test seed (`TestSeed`): anyone who knows it can remove the noise, so this model protects no row");
        }

        return new SolverResult(coefficients, 1, true, [], double.NaN, [.. notes])
        {
            Privacy = new PrivacyReport("adassp", privacy.Epsilon, privacy.Delta, null, null, null, null, null, 3, shares, privacy.TestSeed is not null),
        };
    }
}
