namespace ShardML.Algorithms.Models.Diagnostics;

/// <summary>A regression on a fixed-seed sample of rows: each row's label and the model's prediction.</summary>
/// <param name="Actual">The labels.</param>
/// <param name="Predicted">The predictions, in the same order.</param>
/// <param name="Rows">Rows in the whole dataset, of which these are a sample.</param>
public sealed record RegressionSample(double[] Actual, double[] Predicted, long Rows);
