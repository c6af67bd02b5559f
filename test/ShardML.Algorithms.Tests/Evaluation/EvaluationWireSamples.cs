using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Evaluation;

public sealed class EvaluationWireSamples : IWireSamples
{
    public IEnumerable<object> Samples()
    {
        var gradient = new LossGradientStep([0.5, -1.5, 2.25], 2, LossKind.Logistic, LabelEncoding.Binary(["no", "yes"], 1));
        yield return new SubsetStep(RowSubset.Fold(9, 1, 5, heldOut: true), [0, 12, 30], gradient);
        yield return new SubsetCountStep(RowSubset.Validation(7, 0.25), 3);
        yield return new SubsetCounts([4, 0, 9]);
        yield return new MultiStep([gradient, new DropStateStep("kmeans/abc")]);
        yield return new MultiSummary([new LossGradient(12, [0.5], [1, -2, 3]), new PartitionCount(2)]);
        yield return new MultiLossGradientStep([gradient, gradient with { Coefficients = [1, 2, 3] }]);
        yield return new ValidatedJob(new KMeansJob(new KMeansOptions { NumberOfClusters = 3, Seed = 5 }), 0.125, 11);
        yield return new SearchJob(
            [new LinearModelJob(new LinearModelOptions { L2 = 0.5 }), new LinearModelJob(new LinearModelOptions { L2 = 0.25 })],
            [new Dictionary<string, string> { ["l2"] = "0.5" }, new Dictionary<string, string> { ["l2"] = "0.25" }],
            0,
            4,
            13,
            "log_loss",
            refit: false,
            sharedPasses: false);
    }
}
