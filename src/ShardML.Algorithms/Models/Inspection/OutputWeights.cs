namespace ShardML.Algorithms.Models.Inspection;

/// <summary>One output of a linear model: its intercept and its weights by feature, the largest in magnitude first.</summary>
/// <param name="Output">The class this output scores (one-vs-rest), the positive class (binary), or null (regression).</param>
/// <param name="Intercept">b, on raw features.</param>
/// <param name="Weights">
/// Every feature's weight, sorted by the magnitude of <see cref="FeatureWeight.Standardized"/> when the model was
/// trained standardized (comparable across features whatever their units), else of <see cref="FeatureWeight.Weight"/>.
/// </param>
public sealed record OutputWeights(string? Output, double Intercept, IReadOnlyList<FeatureWeight> Weights);
