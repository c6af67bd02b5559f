using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>A linear regression model on raw features: ŷ = w·x + b.</summary>
public sealed record LinearRegressionModel : TrainedModel
{
    public required double[] Weights { get; init; }

    public required double Intercept { get; init; }

    /// <summary>The standardization used while training, or null; the weights above already include it.</summary>
    public FeatureScaling? Standardization { get; init; }

    public required LinearRegressionOptions Hyperparameters { get; init; }

    public override string PredictionName => "prediction";

    public override string? Problem() =>
        base.Problem()
        ?? ModelChecks.Vector("the weights", Weights, FeatureNames.Length)
        ?? (double.IsFinite(Intercept) ? null : "the intercept is not finite")
        ?? ModelChecks.Scaling(Standardization, FeatureNames.Length);

    public override IPartitionStep<PredictionSummary> CreatePredictStep() => new LinearPredictStep(ToFloat(), Intercept);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema) =>
        schema.HasLabel
            ? new RegressionEvaluationStep(ToFloat(), Intercept)
            : throw new ArgumentException($"evaluating a regression needs the label column '{LabelName}' in the data", nameof(schema));

    public override IReadOnlyDictionary<string, double> Metrics(ISummary evaluation)
    {
        var m = ((RegressionEvaluationSummary)evaluation).Value;
        return new Dictionary<string, double>
        {
            ["r2"] = m.RSquared,
            ["rmse"] = m.RootMeanSquaredError,
            ["mae"] = m.MeanAbsoluteError,
            ["rows"] = m.Count,
        };
    }

    private float[] ToFloat() => Array.ConvertAll(Weights, w => (float)w);
}
