using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.LinearModels;

/// <summary>A linear model (SGD, local SGD, L-BFGS/OWL-QN, CoCoA+) as a resumable job: the solver checkpoints every due epoch, iteration or round.</summary>
[MemoryPackable]
public sealed partial record LinearModelJob(LinearModelOptions Options) : ITrainingJob
{
    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var trainer = new LinearModelTrainer(context.Loggers.CreateLogger<LinearModelTrainer>());
        var model = await trainer.TrainAsync(executor, Options, context.Progress, new TrainerCheckpoints(context), cancellationToken);
        return await JobOutcomes.EvaluateAsync(executor, model, cancellationToken);
    }

    public DatasetOptions DataFor(DatasetOptions data) => Options.DataFor(data);
}
