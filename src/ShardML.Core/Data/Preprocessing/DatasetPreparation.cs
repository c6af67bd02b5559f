using ShardML.Core.Execution;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Learns a training dataset's <see cref="FeaturePipeline"/> before it loads, on any engine: the dataset is loaded
/// once to be profiled — each partition keeps only its columns' profile (<see cref="ColumnProfiles"/>) — one pass of
/// <see cref="ColumnProfileStep"/> merges them in merge-tree order, the profile partitions are released, and the plan
/// comes back with the pipeline, for the real load. A plan that needs nothing learned comes back as it is. A driver
/// calls it with its own way to load: it is a deterministic pass, so a resumed job runs it again and gets the same
/// pipeline.
/// </summary>
public static class DatasetPreparation
{
    /// <param name="plan">The planned dataset.</param>
    /// <param name="load">Loads a plan on the engine (here, the plan to profile), returning its executor; disposing it releases the partitions.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    public static async Task<DatasetPlan> PrepareAsync(DatasetPlan plan, Func<DatasetPlan, CancellationToken, Task<IPartitionExecutor>> load, CancellationToken cancellationToken)
    {
        if (!plan.NeedsPreparation)
        {
            return plan;
        }

        ColumnProfiles profiles;
        var executor = await load(plan.ForProfiling(), cancellationToken);
        await using (executor)
        {
            profiles = await executor.RunAsync(new ColumnProfileStep(), cancellationToken);
        }

        return plan.WithPipeline(FeaturePipelineBuilder.Build(plan.Path, plan.Schema.FeatureNames, plan.Schema.Preparation!, profiles));
    }
}
