using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.LinearRegression;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A linear model on raw features: a regressor (squared loss, ŷ = w·x + b), a binary classifier (one weight
/// vector; the positive class when w·x + b &gt; 0) or a one-vs-rest classifier (one weight vector per class; the
/// class of the largest score). Logistic models also give class probabilities. The class names are stored, so
/// predictions are written as the labels of the training data.
/// </summary>
public sealed record LinearModel : TrainedModel
{
    public required LossKind Loss { get; init; }

    /// <summary>The classes in model order (numeric when every label is a number, else ordinal); null for a regressor.</summary>
    public string[]? Classes { get; init; }

    /// <summary>Binary classifiers: the index in <see cref="Classes"/> of the positive class; −1 otherwise.</summary>
    public int PositiveClass { get; init; } = -1;

    /// <summary>One weight vector per output on raw features: 1 for a regressor or a binary classifier, k for one-vs-rest.</summary>
    public required double[][] Weights { get; init; }

    /// <summary>One intercept per output.</summary>
    public required double[] Intercepts { get; init; }

    /// <summary>The standardization used while training, or null; the weights above already include it.</summary>
    public FeatureScaling? Standardization { get; init; }

    public required LinearModelOptions Hyperparameters { get; init; }

    [JsonIgnore]
    public bool IsClassifier => Classes is not null;

    /// <summary>True for logistic classifiers, whose scores are probabilities.</summary>
    [JsonIgnore]
    public bool IsProbabilistic => IsClassifier && Loss == LossKind.Logistic;

    [JsonIgnore]
    public LabelEncoding Encoding => Classes is null ? LabelEncoding.Regression : new LabelEncoding(Classes, PositiveClass);

    /// <summary>The names of the probability columns <c>predict</c> writes: the positive class (binary) or every class (one-vs-rest).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ProbabilityNames =>
        !IsProbabilistic ? []
        : PositiveClass >= 0 ? [$"probability_{Classes![PositiveClass]}"]
        : Classes!.Select(c => $"probability_{c}").ToArray();

    [JsonIgnore]
    public override string PredictionName => IsClassifier ? "class" : "prediction";

    [JsonIgnore]
    public override bool CategoricalLabel => IsClassifier;

    public override string? Problem()
    {
        if (base.Problem() is { } problem)
        {
            return problem;
        }

        var distinctClasses = Classes is null || (!Array.Exists(Classes, c => c is null) && Classes.Distinct(StringComparer.Ordinal).Count() == Classes.Length);
        if (Classes is not null && (Classes.Length < 2 || !distinctClasses))
        {
            return "the class names must be at least two, distinct and present";
        }

        if (PositiveClass >= (Classes?.Length ?? 0) || PositiveClass < -1)
        {
            return $"the positive class {PositiveClass} is not one of the classes";
        }

        var outputs = Classes is null || PositiveClass >= 0 ? 1 : Classes.Length;
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

        return ModelChecks.Vector("the intercepts", Intercepts, outputs) ?? ModelChecks.Scaling(Standardization, FeatureNames.Length);
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

    public override IPartitionStep<PredictionSummary> CreatePredictStep() =>
        new LinearModelPredictStep(PackCoefficients(), FeatureNames.Length, Encoding, IsProbabilistic);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema)
    {
        if (!schema.HasLabel)
        {
            throw new ArgumentException($"evaluating needs the label column '{LabelName}' in the data", nameof(schema));
        }

        return IsClassifier
            ? new ClassificationEvaluationStep(PackCoefficients(), FeatureNames.Length, Encoding, IsProbabilistic)
            : new RegressionEvaluationStep(Array.ConvertAll(Weights[0], w => (float)w), Intercepts[0]);
    }

    public override IReadOnlyDictionary<string, double> Metrics(ISummary evaluation)
    {
        if (evaluation is RegressionEvaluationSummary regression)
        {
            var m = regression.Value;
            return new Dictionary<string, double> { ["r2"] = m.RSquared, ["rmse"] = m.RootMeanSquaredError, ["mae"] = m.MeanAbsoluteError, ["rows"] = m.Count };
        }

        var classification = (ClassificationEvaluation)evaluation;
        var matrix = classification.Matrix;
        var metrics = new Dictionary<string, double> { ["accuracy"] = matrix.Accuracy };
        if (PositiveClass >= 0)
        {
            metrics["precision"] = matrix.Precision(PositiveClass);
            metrics["recall"] = matrix.Recall(PositiveClass);
            metrics["f1"] = matrix.F1(PositiveClass);
            metrics["roc_auc"] = classification.Histogram!.Auc;
            metrics["roc_auc_error_bound"] = classification.Histogram.AucErrorBound;
            if (classification.HasLogLoss)
            {
                metrics["log_loss"] = classification.LogLossSum / matrix.Total;
            }
        }
        else
        {
            metrics["precision_macro"] = matrix.MacroPrecision;
            metrics["recall_macro"] = matrix.MacroRecall;
            metrics["f1_macro"] = matrix.MacroF1;
        }

        metrics["rows"] = matrix.Total;
        return metrics;
    }

    public override ConfusionReport? Confusion(ISummary evaluation) =>
        evaluation is ClassificationEvaluation classification ? new ConfusionReport(Classes!, classification.Matrix.ToRows()) : null;
}
