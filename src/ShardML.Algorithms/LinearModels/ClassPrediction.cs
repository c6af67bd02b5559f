namespace ShardML.Algorithms.LinearModels;

/// <summary>A classifier's prediction for one row.</summary>
/// <param name="Label">The predicted class, by its name in the training data.</param>
/// <param name="ClassIndex">Its index in the model's classes.</param>
/// <param name="Probabilities">
/// Logistic models: the probability of each class, in the model's class order (for binary models too); null for
/// models whose scores are not probabilities (hinge loss).
/// </param>
public sealed record ClassPrediction(string Label, int ClassIndex, IReadOnlyList<double>? Probabilities);
