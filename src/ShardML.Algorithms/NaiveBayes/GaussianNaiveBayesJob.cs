using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>Gaussian naive Bayes as a job: three passes, nothing to checkpoint; a resumed job runs them again to the same bits.</summary>
[MemoryPackable]
public sealed partial record GaussianNaiveBayesJob(GaussianNaiveBayesOptions Options) : ITrainingJob
{
    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var trainer = new GaussianNaiveBayesTrainer(context.Loggers.CreateLogger<GaussianNaiveBayesTrainer>());
        var model = await trainer.TrainAsync(executor, Options, context.Progress, cancellationToken);
        return await JobOutcomes.EvaluateAsync(executor, model, cancellationToken);
    }

    public DatasetOptions DataFor(DatasetOptions data) => GaussianNaiveBayesOptions.DataFor(data);
}
