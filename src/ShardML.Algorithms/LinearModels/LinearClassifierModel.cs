using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A linear classifier on raw features: binary (one weight vector; the positive class when w·x + b &gt; 0),
/// one-vs-rest or multinomial (one weight vector per class; the class of the largest score). Logistic models also give
/// class probabilities: σ(z) (binary), the σ(z_c) normalized (one-vs-rest), softmax(z) (multinomial). The class names are stored, so predictions come back as the labels of the training data.
/// </summary>
public sealed record LinearClassifierModel : LinearModel
{
    /// <summary>The classes in model order (numeric when every label is a number, else ordinal).</summary>
    public required string[] Classes { get; init; }

    /// <summary>Binary classifiers: the index in <see cref="Classes"/> of the positive class; −1 for one-vs-rest.</summary>
    public int PositiveClass { get; init; } = -1;

    /// <summary>
    /// True for one multinomial (softmax) logistic model over more than two classes; false for binary and one-vs-rest
    /// models, and for files written before it existed. Written only when true, so other models' files are unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Multinomial { get; init; }

    [JsonIgnore]
    public override LabelEncoding Encoding => new(Classes, PositiveClass) { Multinomial = Multinomial };

    /// <summary>True for logistic classifiers, whose scores are probabilities.</summary>
    [JsonIgnore]
    public bool IsProbabilistic => Loss == LossKind.Logistic;

    /// <summary>The class column, then for logistic models the probability of the positive class (binary) or of every class.</summary>
    [JsonIgnore]
    public override IReadOnlyList<string> PredictionColumns =>
        !IsProbabilistic ? ["class"]
        : PositiveClass >= 0 ? ["class", $"probability_{Classes[PositiveClass]}"]
        : ["class", .. Classes.Select(c => $"probability_{c}")];

    [JsonIgnore]
    public override bool CategoricalLabel => true;

    [JsonIgnore]
    protected override string KindName =>
        (IsProbabilistic ? "logistic regression" : "linear SVM (hinge loss)")
        + (PositiveClass >= 0 ? $", binary (positive class '{Classes[PositiveClass]}')"
            : Multinomial ? $", multinomial (softmax) over {Classes.Length} classes" : $", one-vs-rest over {Classes.Length} classes");

    protected override string? OutputName(int c) => PositiveClass >= 0 ? Classes[PositiveClass] : Classes[c];

    protected override Models.Inspection.ModelDescription DescribeCommon(string kind) =>
        Description(kind, Hyperparameters, Classes, PositiveClass >= 0 ? Classes[PositiveClass] : null);

    internal override void AddOnnxNodes(OnnxGraph graph, string features) => LinearClassifierOnnx.Add(this, graph, features);

    /// <summary>Adds the confusion matrix and, binary, the ROC and precision–recall curves of the decision value z.</summary>
    public override async Task<Models.Diagnostics.ModelDiagnostics> DiagnoseAsync(IPartitionExecutor executor, CancellationToken cancellationToken) =>
        await ClassifierDiagnostics.WithEvaluationAsync(this, await base.DiagnoseAsync(executor, cancellationToken), executor, PositiveClass >= 0 ? Classes[PositiveClass] : null, cancellationToken);

    /// <summary>The predicted class of one row and, for logistic models, every class's probability.</summary>
    public ClassPrediction Predict(ReadOnlySpan<float> features)
    {
        var m = Outputs;
        Span<double> s = m <= 64 ? stackalloc double[m] : new double[m];
        Scores(features, s);
        var index = LinearDecision.Decide(s, Encoding);
        return new ClassPrediction(Classes[index], index, IsProbabilistic ? ClassProbabilities(s) : null);
    }

    /// <summary>
    /// The class index of each row of <paramref name="rows"/> (row-major) into <paramref name="classes"/>; for logistic
    /// models, when <paramref name="probabilities"/> is not empty, every class's probability, <see cref="Classes"/>.Length per row.
    /// </summary>
    public void Predict(ReadOnlySpan<float> rows, Span<int> classes, Span<double> probabilities = default)
    {
        var n = CheckRows(rows, classes.Length);
        var k = Classes.Length;
        if (!probabilities.IsEmpty && (!IsProbabilistic || probabilities.Length < n * k))
        {
            throw new ArgumentException(IsProbabilistic ? $"room for {probabilities.Length} probabilities, for {n} rows of {k} classes" : "a hinge-loss model gives no probabilities", nameof(probabilities));
        }

        var d = FeatureNames.Length;
        var encoding = Encoding; // built once, not per row
        var scores = new double[Outputs];
        var p = new double[Outputs];
        for (var i = 0; i < n; i++)
        {
            Scores(rows.Slice(i * d, d), scores);
            classes[i] = LinearDecision.Decide(scores, encoding);
            if (!probabilities.IsEmpty)
            {
                WriteProbabilities(scores, p, probabilities.Slice(i * k, k), encoding);
            }
        }
    }

    public override void FormatPrediction(PredictionSummary predictions, int row, Span<string> fields)
    {
        fields[0] = Classes[(int)predictions.Values[row]];
        var columns = predictions.ProbabilityColumns;
        for (var c = 0; c < columns; c++)
        {
            fields[1 + c] = Number(predictions.Probabilities[(row * columns) + c]);
        }
    }

    public override IPartitionStep<PredictionSummary> CreatePredictStep() =>
        new LinearModelPredictStep(PackCoefficients(), FeatureNames.Length, Encoding, IsProbabilistic);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema) =>
        schema.HasLabel
            ? new ClassificationEvaluationStep(PackCoefficients(), FeatureNames.Length, Encoding, IsProbabilistic)
            : throw new ArgumentException($"evaluating a classifier needs the label column '{LabelName}' in the data", nameof(schema));

    public override IReadOnlyDictionary<string, double> Metrics(ISummary evaluation)
    {
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
            if (classification.HasLogLoss)
            {
                metrics["log_loss"] = classification.LogLossSum / matrix.Total;
            }
        }

        metrics["rows"] = matrix.Total;
        return metrics;
    }

    public override ConfusionReport? Confusion(ISummary evaluation) =>
        evaluation is ClassificationEvaluation classification ? new ConfusionReport(Classes, classification.Matrix.ToRows()) : null;

    public override string? Problem()
    {
        if (Classes is null || Classes.Length < 2 || Array.Exists(Classes, c => c is null) || Classes.Distinct(StringComparer.Ordinal).Count() != Classes.Length)
        {
            return "the class names must be at least two, distinct and present";
        }

        if (PositiveClass >= Classes.Length || PositiveClass < -1)
        {
            return $"the positive class {PositiveClass} is not one of the classes";
        }

        if (Multinomial && (PositiveClass >= 0 || Classes.Length < 3 || Loss != LossKind.Logistic))
        {
            return "a multinomial model is a logistic model of more than two classes, with no positive class";
        }

        return base.Problem() ?? (Loss == LossKind.Squared ? "a classifier minimizes the logistic or the hinge loss, not the squared loss" : null);
    }

    /// <summary>Every class's probability, in class order: binary models give σ(z) to the positive class and the rest to the other.</summary>
    private double[] ClassProbabilities(ReadOnlySpan<double> scores)
    {
        var probabilities = new double[Classes.Length];
        WriteProbabilities(scores, new double[scores.Length], probabilities, Encoding);
        return probabilities;
    }

    private void WriteProbabilities(ReadOnlySpan<double> scores, Span<double> scratch, Span<double> into, LabelEncoding encoding)
    {
        LinearDecision.Probabilities(scores, scratch, encoding);
        if (PositiveClass >= 0)
        {
            into[PositiveClass] = scratch[0];
            into[PositiveClass == 0 ? 1 : 0] = 1 - scratch[0];
            return;
        }

        scratch.CopyTo(into);
    }
}
