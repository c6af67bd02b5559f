using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Models.Inspection;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// A Gaussian naive Bayes classifier: per class its prior, and per feature the mean and (smoothed) variance of that
/// class's rows. Gives every class's probability; the class names are stored, so predictions come back as labels.
/// </summary>
public sealed record GaussianNaiveBayesModel : TrainedModel
{
    /// <summary>The classes in model order (numeric when every label is a number, else ordinal).</summary>
    public required string[] Classes { get; init; }

    /// <summary>Binary models: the index of the positive class (the second in order); −1 with more classes.</summary>
    public int PositiveClass { get; init; } = -1;

    /// <summary>Training rows per class.</summary>
    public required long[] ClassCounts { get; init; }

    /// <summary>π_k, each class's share of the training rows.</summary>
    public required double[] ClassPriors { get; init; }

    /// <summary>μ_kj: per class, each feature's mean.</summary>
    public required double[][] Means { get; init; }

    /// <summary>σ²_kj + ε: per class, each feature's variance (over n, as scikit-learn) plus the smoothing.</summary>
    public required double[][] Variances { get; init; }

    public required GaussianNaiveBayesOptions Hyperparameters { get; init; }

    [JsonIgnore]
    public override IReadOnlyList<string> PredictionColumns =>
        PositiveClass >= 0 ? ["class", $"probability_{Classes[PositiveClass]}"] : ["class", .. Classes.Select(c => $"probability_{c}")];

    [JsonIgnore]
    public override bool CategoricalLabel => true;

    [JsonIgnore]
    private LabelEncoding Encoding => new(Classes, PositiveClass);

    public override ModelDescription Describe() =>
        Description(
            $"Gaussian naive Bayes, {(PositiveClass >= 0 ? $"binary (positive class '{Classes[PositiveClass]}')" : $"{Classes.Length} classes")}",
            Hyperparameters,
            Classes,
            PositiveClass >= 0 ? Classes[PositiveClass] : null) with
        {
            ClassStatistics = [.. Classes.Select((name, c) => new ClassStatistics(name, ClassCounts[c], ClassPriors[c], Means[c], Variances[c]))],
        };

    internal override void AddOnnxNodes(OnnxGraph graph, string features) => NaiveBayesOnnx.Add(this, graph, features);

    /// <summary>Adds the confusion matrix and, binary, the ROC and precision–recall curves of the positive class's probability.</summary>
    public override async Task<Models.Diagnostics.ModelDiagnostics> DiagnoseAsync(IPartitionExecutor executor, CancellationToken cancellationToken) =>
        await ClassifierDiagnostics.WithEvaluationAsync(this, await base.DiagnoseAsync(executor, cancellationToken), executor, PositiveClass >= 0 ? Classes[PositiveClass] : null, cancellationToken);

    /// <summary>The model as the steps score with it.</summary>
    public NaiveBayesParameters Parameters() => NaiveBayesParameters.From(ClassPriors, Means, Variances);

    /// <summary>The class of one row and every class's probability.</summary>
    public ClassPrediction Predict(ReadOnlySpan<float> features)
    {
        CheckRow(features);
        var likelihoods = new double[Classes.Length];
        var probabilities = new double[Classes.Length];
        Parameters().JointLogLikelihood(features, likelihoods);
        var index = NaiveBayesParameters.Decide(likelihoods, probabilities);
        return new ClassPrediction(Classes[index], index, probabilities);
    }

    /// <summary>The class of each row of <paramref name="rows"/> (row-major), and, when <paramref name="probabilities"/> is not empty, every class's probability.</summary>
    public void Predict(ReadOnlySpan<float> rows, Span<int> classes, Span<double> probabilities = default)
    {
        var n = CheckRows(rows, classes.Length);
        var k = Classes.Length;
        if (!probabilities.IsEmpty && probabilities.Length < n * k)
        {
            throw new ArgumentException($"room for {probabilities.Length} probabilities, for {n} rows of {k} classes", nameof(probabilities));
        }

        var parameters = Parameters();
        var d = FeatureNames.Length;
        var likelihoods = new double[k];
        var p = new double[k];
        for (var i = 0; i < n; i++)
        {
            parameters.JointLogLikelihood(rows.Slice(i * d, d), likelihoods);
            classes[i] = NaiveBayesParameters.Decide(likelihoods, p);
            if (!probabilities.IsEmpty)
            {
                p.CopyTo(probabilities.Slice(i * k, k));
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

    public override IPartitionStep<PredictionSummary> CreatePredictStep() => new NaiveBayesPredictStep(Parameters(), PositiveClass);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema) =>
        schema.HasLabel
            ? new NaiveBayesEvaluationStep(Parameters(), Encoding)
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
        }
        else
        {
            metrics["precision_macro"] = matrix.MacroPrecision;
            metrics["recall_macro"] = matrix.MacroRecall;
            metrics["f1_macro"] = matrix.MacroF1;
        }

        metrics["log_loss"] = classification.LogLossSum / matrix.Total;
        metrics["rows"] = matrix.Total;
        return metrics;
    }

    public override ConfusionReport? Confusion(ISummary evaluation) =>
        evaluation is ClassificationEvaluation classification ? new ConfusionReport(Classes, classification.Matrix.ToRows()) : null;

    public override string? Problem()
    {
        if (base.Problem() is { } problem)
        {
            return problem;
        }

        if (Classes is null || Classes.Length < 2 || Array.Exists(Classes, c => c is null) || Classes.Distinct(StringComparer.Ordinal).Count() != Classes.Length)
        {
            return "the class names must be at least two, distinct and present";
        }

        var k = Classes.Length;
        if (PositiveClass < -1 || PositiveClass >= k || (PositiveClass >= 0 && k != 2))
        {
            return $"the positive class {PositiveClass} does not fit {k} classes";
        }

        if (ModelChecks.Vector("the class priors", ClassPriors, k) is { } priors)
        {
            return priors;
        }

        if (!Array.TrueForAll(ClassPriors, p => p > 0) || ClassCounts is null || ClassCounts.Length != k)
        {
            return "every class needs a prior > 0 and a row count";
        }

        if (Means is null || Variances is null || Means.Length != k || Variances.Length != k)
        {
            return $"the means and variances must have one vector per class, {k}";
        }

        for (var c = 0; c < k; c++)
        {
            if ((ModelChecks.Vector($"the means of class {c}", Means[c], FeatureNames.Length) ?? ModelChecks.Vector($"the variances of class {c}", Variances[c], FeatureNames.Length)) is { } bad)
            {
                return bad;
            }

            if (!Array.TrueForAll(Variances[c], v => v > 0))
            {
                return $"a variance of class {c} is not positive";
            }
        }

        return Hyperparameters is null ? "the hyperparameters are missing" : null;
    }
}
