namespace ShardML.Core.Data;

/// <summary>
/// Whose list <see cref="DatasetOptions.Features"/> is, which decides what a name missing from the file means.
/// </summary>
public enum FeatureOrigin
{
    /// <summary>A trained model's features: a missing one means the data does not fit the model (<see cref="FeatureMismatchException"/>).</summary>
    Model = 0,

    /// <summary>Columns chosen for training: a missing one is a wrong name (<see cref="DataFormatException"/> listing the file's columns).</summary>
    Choice = 1,
}
