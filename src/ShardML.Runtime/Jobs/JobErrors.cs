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
        Core.Execution.TrainingDivergedException diverged => (JobErrorKind.Diverged, diverged.Message), // the options' fault: another attempt would repeat it
        ArgumentException invalid => (JobErrorKind.InvalidOptions, WithoutParameter(invalid)),
        Core.Execution.TotalsOnlyRefusedException refused => (JobErrorKind.InvalidOptions, refused.Message), // a pass the chosen options need and secure aggregation forbids
        SecureAggregationRefusedException refused => (JobErrorKind.Cluster, refused.Message), // the cluster cannot aggregate securely (no TLS)
        Security.AccessDeniedException denied => (JobErrorKind.Refused, denied.Message),
        ClusterUnavailableException cluster => (JobErrorKind.Cluster, cluster.Message),
        ClusterCapacityException capacity => (JobErrorKind.Cluster, capacity.Message), // before any load: no silo was harmed, and none will revive it
        _ => (JobErrorKind.Unexpected, exception.ToString()),
    };

    /// <summary>
    /// A job's error as a silo with data roots lets it out to clients: no quoted text of the data (values, labels, column
    /// names), a data error's file by its name alone, and for a failure of ours the exception's type and message without
    /// its stack trace, which stays in the driver silo's log.
    /// </summary>
    internal static string Redacted(Exception exception, JobErrorKind kind, string message) => kind switch
    {
        JobErrorKind.Data when exception is DataFormatException data => Security.DataRoots.Redact($"{Path.GetFileName(data.FilePath)}:{data.Line}:{data.Column}: {data.Problem}"),
        JobErrorKind.Data when exception is PartitionFailedException { Error: { } error } => error.Redacted().ToException().Message,
        JobErrorKind.Unexpected => $"{exception.GetType().Name}: {Security.DataRoots.Redact(exception.Message)} (the stack trace is in the log of the driver's silo)",
        _ => Security.DataRoots.Redact(message),
    };

    /// <summary>The message without .NET's " (Parameter 'options')" suffix, which means nothing to a user.</summary>
    public static string WithoutParameter(ArgumentException invalid) =>
        invalid.ParamName is { } name ? invalid.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : invalid.Message;
}
