using Microsoft.Extensions.Logging;
using ShardML.Runtime;
using ShardML.Runtime.Jobs;

namespace ShardML;

/// <summary>How a <see cref="ShardMLContext"/> runs: logging, where in-memory data and jobs are kept, how data is cut.</summary>
public sealed record ShardMLContextOptions
{
    /// <summary>Configures the engine's logging (Microsoft.Extensions.Logging); null logs warnings to nowhere.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>
    /// Where data given in memory (<see cref="DataCatalog.FromArrays(float[][], float[], string[], string)"/>) is written as
    /// <c>.shard</c> files, so every partition can reload itself after a failure. Default: a temporary directory for the
    /// embedded silo, deleted with the context. A cluster needs a directory every silo sees at the same path.
    /// </summary>
    public string? StagingDirectory { get; init; }

    /// <summary>Embedded silo: where jobs and checkpoints are kept (default: a temporary directory, deleted with the context).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Partitions per dataset; null means twice the cluster's cores.</summary>
    public int? Partitions { get; init; }

    /// <summary>Checkpoints, timeouts and recovery of the jobs this context submits.</summary>
    public JobSettings Jobs { get; init; } = new();

    /// <summary>
    /// How the sums of training jobs and evaluations reach their driver: in the clear (the default), or so that it learns
    /// only totals — masked between silos, or under Paillier encryption (docs/SECURITY.md). A cluster needs mutual TLS
    /// for it; the embedded silo aggregates alone. Predictions return one value per row, so they are not affected.
    /// </summary>
    public SecureAggregationMode SecureAggregation { get; init; }

    /// <summary>The settings of a submitted job: <see cref="Jobs"/>, aggregated as <see cref="SecureAggregation"/> says.</summary>
    internal JobSettings SubmittedJobs =>
        SecureAggregation == SecureAggregationMode.None ? Jobs : Jobs with { Executor = Jobs.Executor with { SecureAggregation = SecureAggregation } };

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate() =>
        Partitions is < 1 or > Core.Data.DatasetPlanner.MaximumPartitions ? $"`Partitions` must be between 1 and {Core.Data.DatasetPlanner.MaximumPartitions:N0}"
        : !Enum.IsDefined(SecureAggregation) ? $"unknown secure aggregation mode {(int)SecureAggregation} (`SecureAggregation`)"
        : Jobs.Executor.Validate();
}
