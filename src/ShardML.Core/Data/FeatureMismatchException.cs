namespace ShardML.Core.Data;

/// <summary>The data's columns are not the features a model was trained on.</summary>
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
