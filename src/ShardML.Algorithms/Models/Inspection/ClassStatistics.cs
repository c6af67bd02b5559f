namespace ShardML.Algorithms.Models.Inspection;

/// <summary>One class of a Gaussian naive Bayes model.</summary>
/// <param name="Class">The class name.</param>
/// <param name="Rows">Training rows of the class.</param>
/// <param name="Prior">π, its share of the training rows.</param>
/// <param name="Means">Per feature, in the model's feature order, the class's mean.</param>
/// <param name="Variances">Per feature, the class's variance with the smoothing added.</param>
public sealed record ClassStatistics(string Class, long Rows, double Prior, IReadOnlyList<double> Means, IReadOnlyList<double> Variances);
