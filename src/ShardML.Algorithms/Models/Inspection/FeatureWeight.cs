namespace ShardML.Algorithms.Models.Inspection;

/// <summary>A feature's weight in one output of a linear model.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Weight">wⱼ on raw features: the change of the score per unit of the feature.</param>
/// <param name="Standardized">wⱼ·σⱼ, the change per standard deviation, when the model was trained standardized; else null.</param>
public sealed record FeatureWeight(string Feature, double Weight, double? Standardized);
