using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>K-means as a resumable job: checkpoints after initialization and every due Lloyd iteration.</summary>
[MemoryPackable]
public sealed partial record KMeansJob(KMeansOptions Options) : ITrainingJob
{
    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var trainer = new KMeansTrainer(context.Loggers.CreateLogger<KMeansTrainer>());
        var model = await trainer.TrainAsync(executor, Options, context.Progress, new TrainerCheckpoints(context), cancellationToken);
        return await JobOutcomes.EvaluateAsync(executor, model, cancellationToken);
    }

    public DatasetOptions DataFor(DatasetOptions data) => KMeansOptions.DataFor(data);
}
