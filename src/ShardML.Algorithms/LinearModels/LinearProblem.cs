using System.Runtime.CompilerServices;
using ShardML.Algorithms.Classification;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// What every linear solver's driver shares: the data (through the executor), the label encoding, the feature
/// scaling, the penalty, and the coefficient layout. A solver's iterate θ holds, per output c, the d weights in
/// the solver's coordinates (standardized when asked, x′ⱼ = (xⱼ − μⱼ)/σⱼ) followed by the intercept; steps always
/// receive raw coefficients (<see cref="ToRaw(double[])"/>), so no partition ever transforms its rows, and the gradient in
/// standardized coordinates is recovered from raw sums: ∂/∂w′_cj = (Σ ℓ′ xⱼ − μⱼ Σ ℓ′) / (n σⱼ).
/// </summary>
internal sealed class LinearProblem
{
    public LinearProblem(IPartitionExecutor executor, LinearModelOptions options, LabelEncoding encoding, FeatureScaling scaling)
    {
        Executor = executor;
        Options = options;
        Encoding = encoding;
        Scaling = scaling;
        Dimension = executor.Dataset.Schema.FeatureCount;
        Outputs = encoding.Outputs;
        Rows = executor.Dataset.TotalRows;
        Penalty = new ElasticNetPenalty(options.L1, options.L2);
    }

    public IPartitionExecutor Executor { get; }

    public LinearModelOptions Options { get; }

    public LabelEncoding Encoding { get; }

    public FeatureScaling Scaling { get; }

    public ElasticNetPenalty Penalty { get; }

    public int Dimension { get; }

    public int Outputs { get; }

    public long Rows { get; }

    /// <summary>d + 1: the distance between two outputs' coefficients.</summary>
    public int Stride => Dimension + 1;

    /// <summary>m × (d + 1).</summary>
    public int Length => Outputs * Stride;

    /// <summary>Output c's weights within an iterate (the intercept excluded).</summary>
    public Span<double> Weights(double[] theta, int output) => theta.AsSpan(output * Stride, Dimension);

    /// <summary>Raw coefficients of an iterate: wⱼ = w′ⱼ/σⱼ, b = b′ − Σ wⱼ μⱼ. Cost O(m d).</summary>
    public double[] ToRaw(double[] theta)
    {
        var raw = new double[Length];
        ToRaw(theta, raw);
        return raw;
    }

    /// <summary><see cref="ToRaw(double[])"/> into <paramref name="raw"/>, for a loop that reuses its buffers.</summary>
    // O(d) per evaluation on the driver, called too few times in a job to be promoted from tier 0 (see DoubleKernels).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ToRaw(ReadOnlySpan<double> theta, Span<double> raw)
    {
        for (var c = 0; c < Outputs; c++)
        {
            var at = c * Stride;
            var intercept = theta[at + Dimension];
            for (var j = 0; j < Dimension; j++)
            {
                var w = theta[at + j] / Scaling.Scale[j];
                raw[at + j] = w;
                intercept -= w * Scaling.Mean[j];
            }

            raw[at + Dimension] = intercept;
        }
    }

    /// <summary>The iterate of raw coefficients, the inverse of <see cref="ToRaw(double[])"/>: w′ⱼ = wⱼσⱼ, b′ = b + Σ wⱼ μⱼ.</summary>
    public double[] FromRaw(double[] raw)
    {
        var theta = new double[Length];
        FromRaw(raw, theta);
        return theta;
    }

    /// <summary><see cref="FromRaw(double[])"/> into <paramref name="theta"/>, for a loop that reuses its buffers.</summary>
    public void FromRaw(ReadOnlySpan<double> raw, Span<double> theta)
    {
        for (var c = 0; c < Outputs; c++)
        {
            var at = c * Stride;
            var intercept = raw[at + Dimension];
            for (var j = 0; j < Dimension; j++)
            {
                theta[at + j] = raw[at + j] * Scaling.Scale[j];
                intercept += raw[at + j] * Scaling.Mean[j];
            }

            theta[at + Dimension] = intercept;
        }
    }

    /// <summary>The standardized coordinates row-by-row steps work in, or null without standardization.</summary>
    public StandardizedCoordinates? Coordinates =>
        Options.Standardize ? new StandardizedCoordinates(Scaling.Mean, Scaling.Scale.Select(s => 1 / (s * s)).ToArray()) : null;

    /// <summary>
    /// The gradient of (1/<paramref name="count"/>) Σ ℓ in the iterate's coordinates, from raw sums, into
    /// <paramref name="gradient"/> (penalty excluded).
    /// </summary>
    // O(d) per evaluation on the driver, called too few times in a job to be promoted from tier 0 (see DoubleKernels).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void MeanLossGradient(LossGradient sums, double count, double[] gradient)
    {
        for (var c = 0; c < Outputs; c++)
        {
            var at = c * Stride;
            var residuals = sums.Gradient[at + Dimension];
            for (var j = 0; j < Dimension; j++)
            {
                gradient[at + j] = (sums.Gradient[at + j] - (Scaling.Mean[j] * residuals)) / (count * Scaling.Scale[j]);
            }

            gradient[at + Dimension] = residuals / count;
        }
    }

    /// <summary>λ₁ Σ_c ‖w_c‖₁ and λ₂/2 Σ_c ‖w_c‖² of an iterate (intercepts excluded).</summary>
    // O(d) per evaluation on the driver, called too few times in a job to be promoted from tier 0 (see DoubleKernels).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double L1, double L2) PenaltyParts(double[] theta)
    {
        double absolute = 0, squares = 0;
        for (var c = 0; c < Outputs; c++)
        {
            foreach (var w in Weights(theta, c))
            {
                absolute += Math.Abs(w);
                squares += w * w;
            }
        }

        return (Penalty.L1 * absolute, Penalty.L2 / 2 * squares);
    }

    /// <summary>
    /// One distributed pass: f(θ) = 1/n Σ ℓ + λ₂/2 ‖w‖² (the smooth part), its gradient, and λ₁‖w‖₁ separately, so
    /// F = <c>Smooth + L1</c>.
    /// </summary>
    public Task<Evaluation> EvaluateAsync(double[] theta, CancellationToken cancellationToken) =>
        EvaluateAsync(theta, new double[Length], cancellationToken);

    /// <summary><see cref="EvaluateAsync(double[], CancellationToken)"/> with the gradient written into <paramref name="gradient"/> (all of it).</summary>
    public async Task<Evaluation> EvaluateAsync(double[] theta, double[] gradient, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(gradient.Length, Length, nameof(gradient));
        var sums = await Executor.RunAsync(new LossGradientStep(ToRaw(theta), Dimension, Options.Loss, Encoding), cancellationToken);
        MeanLossGradient(sums, sums.Count, gradient);
        double loss = 0;
        foreach (var l in sums.Losses)
        {
            loss += l;
        }

        var count = sums.Count;
        sums.Release();

        AddL2Gradient(theta, gradient);
        var (l1, l2) = PenaltyParts(theta);
        return new Evaluation((loss / count) + l2, l1, gradient);
    }

    /// <summary>∇ of λ₂/2 ‖w‖² added to <paramref name="gradient"/> (intercepts excluded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddL2Gradient(double[] theta, double[] gradient)
    {
        for (var c = 0; c < Outputs; c++)
        {
            var at = c * Stride;
            for (var j = 0; j < Dimension; j++)
            {
                gradient[at + j] += Penalty.L2 * theta[at + j];
            }
        }
    }

    /// <summary>A full evaluation of an iterate.</summary>
    /// <param name="Smooth">1/n Σ ℓ + λ₂/2 ‖w‖².</param>
    /// <param name="L1">λ₁ ‖w‖₁.</param>
    /// <param name="Gradient">∇ of the smooth part.</param>
    public sealed record Evaluation(double Smooth, double L1, double[] Gradient)
    {
        public double Objective => Smooth + L1;
    }
}
