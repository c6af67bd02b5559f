namespace ShardML.Core.Data;

/// <summary>
/// A model does not fit the data: the data's columns are not the features it was trained on, or its coefficients
/// overflow on the data's values.
/// </summary>
public sealed class FeatureMismatchException : Exception
{
    public FeatureMismatchException()
    {
    }

    public FeatureMismatchException(string message)
        : base(message)
    {
    }

    public FeatureMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
