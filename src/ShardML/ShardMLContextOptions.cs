using Microsoft.Extensions.Logging;
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

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate() =>
        Partitions is < 1 or > Core.Data.DatasetPlanner.MaximumPartitions ? $"`Partitions` must be between 1 and {Core.Data.DatasetPlanner.MaximumPartitions:N0}"
        : Jobs.Executor.Validate();
}
