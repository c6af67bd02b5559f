using ShardML.Core.Data;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Jobs;

/// <summary>Sorts the exception that ended a job into the kinds a client reports differently.</summary>
public static class JobErrors
{
    internal static (JobErrorKind Kind, string Message) Classify(Exception exception) => exception switch
    {
        PartitionFailedException failed when failed.Error is not null => Classify(failed.ToClientException()),
        DataFormatException data => (JobErrorKind.Data, data.Message),
        FeatureMismatchException mismatch => (JobErrorKind.FeatureMismatch, mismatch.Message),
        ArgumentException invalid => (JobErrorKind.InvalidOptions, WithoutParameter(invalid)),
        Core.Execution.TotalsOnlyRefusedException refused => (JobErrorKind.InvalidOptions, refused.Message), // a pass the chosen options need and secure aggregation forbids
        SecureAggregationRefusedException refused => (JobErrorKind.Cluster, refused.Message), // the cluster cannot aggregate securely (no TLS)
        ClusterUnavailableException cluster => (JobErrorKind.Cluster, cluster.Message),
        _ => (JobErrorKind.Unexpected, exception.ToString()),
    };

    /// <summary>The message without .NET's " (Parameter 'options')" suffix, which means nothing to a user.</summary>
    public static string WithoutParameter(ArgumentException invalid) =>
        invalid.ParamName is { } name ? invalid.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : invalid.Message;
}
