namespace ShardML.Algorithms.Models.Inspection;

/// <summary>
/// A transformation of the features before the model: its name, what it does in words, and its parameters per
/// feature (each array in the model's feature order).
/// </summary>
/// <param name="Name">"standardization".</param>
/// <param name="Description">The formula and where it is applied.</param>
/// <param name="Parameters">Named per-feature values: "mean" and "scale" for a standardization.</param>
public sealed record PreprocessingStep(string Name, string Description, IReadOnlyDictionary<string, double[]> Parameters);
