using System.Buffers;
using System.Reflection;
using MemoryPack;
using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>K-means as a resumable job: checkpoints after initialization and every due Lloyd iteration.</summary>
[MemoryPackable]
public sealed partial record KMeansJob(KMeansOptions Options) : ITrainingJob
{
    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        var trainer = new KMeansTrainer(context.Loggers.CreateLogger<KMeansTrainer>());
        var model = await trainer.TrainAsync(executor, Options, context.Progress, new TrainerCheckpoints(context), cancellationToken);
        // A private model's metrics on its training rows would be a release the budget does not cover: none are computed.
        if (Options.Privacy is not null)
        {
            return new JobOutcome(Models.ModelFile.ToJson(model), new Dictionary<string, double>());
        }

        // Without labels the metrics are the inertia and the rows, which the trainer's last pass measured over the centers
        // returned, to the bits an evaluation gives (RowAssignment): a second pass over every row would only repeat them.
        return model.LabelName is null
            ? JobOutcomes.Of(executor, model, new ClusteringEvaluationSummary(model.Summary.FinalLoss, model.Summary.Rows, hasLabels: false, [], null))
            : await JobOutcomes.EvaluateAsync(executor, model, cancellationToken);
    }

    public DatasetOptions DataFor(DatasetOptions data) => KMeansOptions.DataFor(data);

    /// <summary>
    /// The Lloyd pass's loop, the blocked assignment and the cluster sums, the bounded steps that may run, and the code
    /// around each pass: the driver loop and update, the step, its summary and merge.
    /// </summary>
    public IReadOnlyList<MethodBase> Kernels()
    {
        List<Type> types = [typeof(LloydStep), typeof(BlockedAssignment), typeof(ClusterSums), typeof(SegmentSums), typeof(ParallelSampleStep)];
        var k = Options.NumberOfClusters;
        var auto = Options.Algorithm == KMeansAlgorithm.Auto && Options.Privacy is null;
        // The dimension is not known before the data loads: Auto at large k may run either bounded step.
        if (Options.Algorithm == KMeansAlgorithm.Bounded || auto)
        {
            types.Add(typeof(BoundedLloydStep));
            types.Add(typeof(BoundedLloydState));
            types.Add(typeof(HamerlyBounds));
        }

        if (Options.Algorithm == KMeansAlgorithm.Yinyang || (auto && k >= KMeansIterationPolicy.SmallestYinyangK))
        {
            types.Add(typeof(YinyangStep));
            types.Add(typeof(YinyangState));
        }

        return
        [
            .. KernelPreparation.OptimizedMethodsOf([.. types]),
            .. KernelPreparation.OptimizedMethodsOf(typeof(DoubleKernels), typeof(DistanceKernels)),
            .. BlockedAssignment.GenericKernels(),
            .. KernelPreparation.MethodsOf(
                typeof(KMeansTrainer), typeof(KMeansIterationPolicy), typeof(LloydStep), typeof(LloydSummary), typeof(FarthestRows), typeof(FarthestCandidates),
                typeof(PackedCenters), typeof(CenterSet), typeof(SegmentSums), typeof(SegmentSumCache), typeof(ClusterSums), typeof(BoundTerms), typeof(BoundedLloydState)),
            // The pools a pass rents its scratch from: generic code over primitives that the first pass would compile.
            .. KernelPreparation.MethodsOf(
                ArrayPool<float>.Shared.GetType(), ArrayPool<double>.Shared.GetType(), ArrayPool<int>.Shared.GetType(), ArrayPool<long>.Shared.GetType(), ArrayPool<bool>.Shared.GetType()),
        ];
    }
}
