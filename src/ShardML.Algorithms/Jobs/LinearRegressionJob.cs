using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearRegression;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Jobs;

/// <summary>Linear regression as a resumable job: gradient descent checkpoints every due iteration; the normal equations are one pass.</summary>
[MemoryPackable]
public sealed partial record LinearRegressionJob(LinearRegressionOptions Options) : ITrainingJob
{
    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var trainer = new LinearRegressionTrainer(context.Loggers.CreateLogger<LinearRegressionTrainer>());
        var model = await trainer.TrainAsync(executor, Options, JobOutcomes.Progress(context), new TrainerCheckpoints(context), cancellationToken);
        return await JobOutcomes.EvaluateAsync(executor, model, cancellationToken);
    }
}
