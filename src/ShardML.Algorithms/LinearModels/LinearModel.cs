using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Models;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// What every linear model holds: one weight vector and intercept per output on raw features, the loss it minimized,
/// the standardization it trained in and its hyperparameters. The two kinds are <see cref="LinearRegressionModel"/>
/// (ŷ = w·x + b) and <see cref="LinearClassifierModel"/> (binary or one-vs-rest), trained by the same solvers.
/// </summary>
public abstract record LinearModel : TrainedModel
{
    public required LossKind Loss { get; init; }

    /// <summary>One weight vector per output on raw features: 1 for a regressor or a binary classifier, k for one-vs-rest.</summary>
    public required double[][] Weights { get; init; }

    /// <summary>One intercept per output.</summary>
    public required double[] Intercepts { get; init; }

    /// <summary>The standardization used while training, or null; the weights above already include it.</summary>
    public FeatureScaling? Standardization { get; init; }

    public required LinearModelOptions Hyperparameters { get; init; }

    /// <summary>How labels map to outputs.</summary>
    [JsonIgnore]
    public abstract LabelEncoding Encoding { get; }

    /// <summary>The number of weight vectors the model must have.</summary>
    [JsonIgnore]
    protected int Outputs => Encoding.Outputs;

    public override string? Problem()
    {
        if (base.Problem() is { } problem)
        {
            return problem;
        }

        var outputs = Outputs;
        if (Weights is null || Weights.Length != outputs)
        {
            return $"{Weights?.Length ?? 0} weight vectors for {outputs} output(s)";
        }

        for (var c = 0; c < outputs; c++)
        {
            if (ModelChecks.Vector(outputs == 1 ? "the weights" : $"the weights of output {c}", Weights[c], FeatureNames.Length) is { } bad)
            {
                return bad;
            }
        }

        return ModelChecks.Vector("the intercepts", Intercepts, outputs)
            ?? ModelChecks.Scaling(Standardization, FeatureNames.Length)
            ?? (Hyperparameters is null ? "the hyperparameters are missing" : null);
    }

    /// <summary>
    /// z_c = w_c·x + b_c of one row for every output, in the operations <see cref="LinearDecision.Scores"/> uses on a
    /// partition's rows, so a row predicted here and on a cluster gets the same bits.
    /// </summary>
    protected void Scores(ReadOnlySpan<float> features, Span<double> scores)
    {
        CheckRow(features);
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Core.Numerics.WideningKernels.Dot(features, Weights[c]) + Intercepts[c];
        }

        LinearDecision.EnsureFinite(scores, null, 0, asFloat: false);
    }

    /// <summary>The coefficients packed as the steps take them: per output, d weights then the intercept.</summary>
    public double[] PackCoefficients()
    {
        var d = FeatureNames.Length;
        var packed = new double[Weights.Length * (d + 1)];
        for (var c = 0; c < Weights.Length; c++)
        {
            Weights[c].CopyTo(packed, c * (d + 1));
            packed[(c * (d + 1)) + d] = Intercepts[c];
        }

        return packed;
    }
}
