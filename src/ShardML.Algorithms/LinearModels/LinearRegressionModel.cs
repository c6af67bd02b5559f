using System.Text.Json.Serialization;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>A linear regression on raw features, ŷ = w·x + b, by any solver of the squared loss.</summary>
public sealed record LinearRegressionModel : LinearModel
{
    [JsonIgnore]
    public override LabelEncoding Encoding => LabelEncoding.Regression;

    /// <summary>The weights of the one output.</summary>
    [JsonIgnore]
    public IReadOnlyList<double> Coefficients => Weights[0];

    /// <summary>The intercept b.</summary>
    [JsonIgnore]
    public double Intercept => Intercepts[0];

    [JsonIgnore]
    public override IReadOnlyList<string> PredictionColumns => ["prediction"];

    [JsonIgnore]
    protected override string KindName => "linear regression (least squares)";

    protected override string? OutputName(int c) => null;

    internal override void AddOnnxNodes(OnnxGraph graph, string features) => LinearRegressionOnnx.Add(this, graph, features);

    /// <summary>Adds predicted against actual values on a sample of rows (labels needed).</summary>
    public override async Task<Models.Diagnostics.ModelDiagnostics> DiagnoseAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        var diagnostics = await base.DiagnoseAsync(executor, cancellationToken);
        var sample = await SampleAsync(executor, cancellationToken);
        if (sample.Labels.Count != sample.Rows.Count)
        {
            throw new ArgumentException($"plotting a regression needs the label column '{LabelName}' in the data", nameof(executor));
        }

        var predicted = sample.Rows.Select(r => (double)Predict(r)).ToArray();
        return diagnostics with { Regression = new Models.Diagnostics.RegressionSample([.. sample.Labels.Select(l => (double)l)], predicted, executor.Dataset.TotalRows) };
    }

    /// <summary>ŷ for one row of the model's features, in double as the distributed prediction computes it, then rounded to float.</summary>
    public float Predict(ReadOnlySpan<float> features)
    {
        Span<double> score = stackalloc double[1];
        Scores(features, score);
        LinearDecision.EnsureFinite(score, null, 0, asFloat: true);
        return (float)score[0];
    }

    /// <summary>ŷ for each row of <paramref name="rows"/> (row-major, the model's features per row) into <paramref name="predictions"/>.</summary>
    public void Predict(ReadOnlySpan<float> rows, Span<float> predictions)
    {
        var n = CheckRows(rows, predictions.Length);
        var d = FeatureNames.Length;
        for (var i = 0; i < n; i++)
        {
            predictions[i] = Predict(rows.Slice(i * d, d));
        }
    }

    public override void FormatPrediction(PredictionSummary predictions, int row, Span<string> fields) => fields[0] = Number(predictions.Values[row]);

    public override IPartitionStep<PredictionSummary> CreatePredictStep() =>
        new LinearModelPredictStep(PackCoefficients(), FeatureNames.Length, Encoding, false);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema) =>
        schema.HasLabel
            ? new RegressionEvaluationStep(PackCoefficients(), FeatureNames.Length)
            : throw new ArgumentException($"evaluating a regression needs the label column '{LabelName}' in the data", nameof(schema));

    public override IReadOnlyDictionary<string, double> Metrics(ISummary evaluation)
    {
        var m = ((RegressionEvaluationSummary)evaluation).Value;
        return new Dictionary<string, double> { ["r2"] = m.RSquared, ["rmse"] = m.RootMeanSquaredError, ["mae"] = m.MeanAbsoluteError, ["rows"] = m.Count };
    }

    public override string? Problem() =>
        base.Problem() ?? (Loss == LossKind.Squared ? null : $"a regression minimizes the squared loss, not the {Loss} loss");
}
