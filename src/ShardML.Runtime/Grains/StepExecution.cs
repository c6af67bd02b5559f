using Microsoft.Extensions.Logging;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Grains;

/// <summary>One step on one partition, wherever it runs on the silo: a failure becomes the partition's failure, logged once.</summary>
internal static partial class StepExecution
{
    public static ISummary Run(IPartitionStep step, Partition partition, PartitionTask task, string stepType, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return step.Run(partition, new StepContext(task.Index, task.FirstRow, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStepFailed(logger, e, task.Index, stepType);
            throw new PartitionFailedException(task.Index, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {Step} failed on partition {Index}")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, int index, string step);
}
