using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Models.Inspection;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// What every linear model holds: one weight vector and intercept per output on raw features, the loss it minimized,
/// the standardization it trained in and its hyperparameters. The two kinds are <see cref="LinearRegressionModel"/>
/// (ŷ = w·x + b) and <see cref="LinearClassifierModel"/> (binary or one-vs-rest), trained by the same solvers.
/// </summary>
public abstract record LinearModel : TrainedModel, IJsonOnDeserialized
{
    private IReadOnlyList<OrderedDictionary<string, double>>? _namedWeightsAsRead;

    /// <summary>Set when the file's <see cref="NamedWeights"/> disagreed with its weights; <see cref="Problem"/> reports it.</summary>
    private bool _namedWeightsDisagree;

    public required LossKind Loss { get; init; }

    /// <summary>One weight vector per output on raw features: 1 for a regressor or a binary classifier, k for one-vs-rest.</summary>
    public required double[][] Weights { get; init; }

    /// <summary>One intercept per output.</summary>
    public required double[] Intercepts { get; init; }

    /// <summary>The standardization used while training, or null; the weights above already include it.</summary>
    public FeatureScaling? Standardization { get; init; }

    public required LinearModelOptions Hyperparameters { get; init; }

    /// <summary>
    /// Each output's weights by feature name, in feature order: <see cref="Weights"/> paired with
    /// <see cref="TrainedModel.FeatureNames"/> for people reading the model file. It is derived, so readers that
    /// predate it (format version 2 without it) lose nothing by skipping it; a file that has it must agree with
    /// <see cref="Weights"/> to the bit, so an edit of one and not the other is refused rather than half applied.
    /// </summary>
    [JsonPropertyOrder(1)]
    public IReadOnlyList<OrderedDictionary<string, double>>? NamedWeights
    {
        get => Weights is null || FeatureNames is null || FeatureNames.Distinct(StringComparer.Ordinal).Count() != FeatureNames.Length
            ? null
            : [.. Weights.Select(w => new OrderedDictionary<string, double>(FeatureNames.Zip(w, KeyValuePair.Create)))];
        init => _namedWeightsAsRead = value;
    }

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
            ?? (Hyperparameters is null ? "the hyperparameters are missing" : null)
            ?? (_namedWeightsDisagree ? "'namedWeights' does not match 'weights' and 'featureNames'; edit 'weights' (the one the model uses) and drop 'namedWeights'" : null);
    }

    void IJsonOnDeserialized.OnDeserialized()
    {
        // Compared once, as read, and not kept: a copy made with 'with' must not carry the file's text.
        var read = _namedWeightsAsRead;
        _namedWeightsAsRead = null;
        if (read is null || Weights is null || FeatureNames is null || Array.Exists(Weights, w => w?.Length != FeatureNames.Length))
        {
            return; // nothing to compare, or a shape Problem() reports
        }

        _namedWeightsDisagree = read.Count != Weights.Length || Enumerable.Range(0, Weights.Length).Any(c =>
            read[c] is not { } named || named.Count != FeatureNames.Length
            || FeatureNames.Select((name, j) => named.TryGetValue(name, out var value) && value.Equals(Weights[c][j])).Contains(false));
    }

    /// <summary>The standardization the model was trained in, when it changes anything; null otherwise.</summary>
    [JsonIgnore]
    protected FeatureScaling? ActiveStandardization =>
        Standardization is { } s && (Array.Exists(s.Mean, m => m != 0) || Array.Exists(s.Scale, v => v != 1)) ? s : null;

    /// <summary>The model in words, e.g. "logistic regression, one-vs-rest over 3 classes".</summary>
    [JsonIgnore]
    protected abstract string KindName { get; }

    /// <summary>The name of output <paramref name="c"/>: the class it scores, or null for a regression.</summary>
    protected abstract string? OutputName(int c);

    public override ModelDescription Describe()
    {
        var scaling = ActiveStandardization;
        var outputs = new OutputWeights[Weights.Length];
        for (var c = 0; c < outputs.Length; c++)
        {
            var weights = Weights[c];
            var named = FeatureNames.Select((name, j) => new FeatureWeight(name, weights[j], scaling is null ? null : weights[j] * scaling.Scale[j]));
            outputs[c] = new OutputWeights(OutputName(c), Intercepts[c], [.. named.OrderByDescending(w => Math.Abs(w.Standardized ?? w.Weight))]);
        }

        IReadOnlyList<PreprocessingStep> preprocessing = scaling is null ? [] :
        [
            new PreprocessingStep(
                "standardization",
                "x′ = (x − mean) / scale, applied while training and folded into the weights, which are on raw features",
                new Dictionary<string, double[]> { ["mean"] = scaling.Mean, ["scale"] = scaling.Scale }),
        ];
        return DescribeCommon(KindName) with { Outputs = outputs, Preprocessing = preprocessing };
    }

    /// <summary>The common description, before the linear parts; classifiers add their classes.</summary>
    protected virtual ModelDescription DescribeCommon(string kind) => Description(kind, Hyperparameters);

    /// <summary>
    /// The standardization, when the model was trained in one, as the graph's first stage: x′ = (x − μ) / σ in double
    /// (the ONNX-ML Scaler computes in float). The model's nodes then take <see cref="OnnxCoefficients"/>.
    /// </summary>
    internal override string AddOnnxPreprocessing(OnnxGraph graph, string features)
    {
        if (ActiveStandardization is not { } scaling)
        {
            return features;
        }

        var d = FeatureNames.Length;
        var centered = Array.Exists(scaling.Mean, m => m != 0) ? graph.Apply("Sub", "centered", features, graph.Constant("mean", scaling.Mean, d)) : features;
        return graph.Apply("Div", "standardized", centered, graph.Constant("scale", scaling.Scale, d));
    }

    /// <summary>
    /// The weights and intercepts in the coordinates the graph's model nodes see: on standardized features when the
    /// graph standardizes (w′ⱼ = wⱼσⱼ, b′ = b + Σⱼ wⱼμⱼ, the inverse of <see cref="FeatureScaling.ToRaw"/>), else the raw
    /// ones. Standardized coordinates also keep a float operator's terms of the order of the weights.
    /// </summary>
    internal (double[][] Weights, double[] Intercepts) OnnxCoefficients()
    {
        if (ActiveStandardization is not { } scaling)
        {
            return (Weights, Intercepts);
        }

        var weights = new double[Weights.Length][];
        var intercepts = new double[Weights.Length];
        for (var c = 0; c < weights.Length; c++)
        {
            weights[c] = new double[FeatureNames.Length];
            intercepts[c] = Intercepts[c];
            for (var j = 0; j < FeatureNames.Length; j++)
            {
                weights[c][j] = Weights[c][j] * scaling.Scale[j];
                intercepts[c] += Weights[c][j] * scaling.Mean[j];
            }
        }

        return (weights, intercepts);
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
