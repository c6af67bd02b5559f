using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>One step on one partition, wherever it runs on the silo: a failure becomes the partition's failure, logged once.</summary>
internal static partial class StepExecution
{
    public static ISummary Run(
        IPartitionStep step, Partition partition, PartitionTask task, string stepType, Security.DataRoots roots, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return step.Run(partition, new StepContext(task.Index, task.FirstRow, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStepFailed(logger, e, task.Index, stepType);
            var failed = new PartitionFailedException(task.Index, e);
            throw roots.Restricted ? failed.Redacted() : failed; // a silo with data roots lets no text of the data out
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {Step} failed on partition {Index}")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, int index, string step);
}
