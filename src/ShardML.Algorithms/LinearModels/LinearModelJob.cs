using System.Reflection;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
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
        // A private model's metrics on its training rows would be a release the budget does not cover: none are computed.
        return Options.Privacy is null
            ? await JobOutcomes.EvaluateAsync(executor, model, cancellationToken)
            : new JobOutcome(ModelFile.ToJson(model), new Dictionary<string, double>());
    }

    public DatasetOptions DataFor(DatasetOptions data) => Options.DataFor(data);

    /// <summary>The fused loss-and-gradient kernels of the job's loss, which every full-batch pass and mini-batch step runs.</summary>
    public IReadOnlyList<MethodBase> Kernels() => LossGradientKernel.Kernels(Options.Loss);
}
