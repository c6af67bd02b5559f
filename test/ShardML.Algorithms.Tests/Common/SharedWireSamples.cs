using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests.Common;

public sealed class SharedWireSamples : IWireSamples
{
    public IEnumerable<object> Samples()
    {
        var sketch = new QuantileSketch(QuantileSketch.MinimumCapacity);
        sketch.Add(2.5f);
        sketch.Add(-1f);
        yield return new ColumnProfileStep();
        yield return new ColumnProfiles(
            [new ColumnProfile(5, 1, 12.5, sketch, [], [], false), new ColumnProfile(4, 2, 0, null, ["blue", "red"], [1, 3], true)], 7, 3, 1000);
        yield return new KeptColumnsStep();
        yield return new KeptColumns([["a", "b"], ["1", "2"]]);
        yield return new FetchRowsStep([3, 7, 11], 4);
        yield return new RowSetSummary([3, 7], [[1f, 2f], [3f, -4f]]);
        yield return new SampleRowsStep([2, 5, 9], 3);
        yield return new RowSample([2, 5], [[1f, 2f, 3f], [-1f, 0.5f, 4f]], [7.5f, -2f]);
        yield return new FeatureStatisticsStep(5);
        yield return new FeatureStatistics(10, [1.5, -2.5], [0.25, 3.75]);
        yield return new PredictionSummary([1f, 0f, 2f], [0.25f, 0.75f, 0.5f, 0.5f, 0.125f, 0.875f], 2);
        yield return new DropStateStep("cocoa/0123");
        yield return new PartitionCount(3);
        yield return new ClassDiscoveryStep(17);
        yield return new ClassSet(["cat", "dog"], [new LabelSite("/data/a.csv", 1024, 3, 4), new LabelSite("/data/a.csv", 2048, 9, 4)], 17);
        yield return new ClassificationEvaluationStep([0.5, -1.5, 2.25], 2, LabelEncoding.Binary(["-1", "+1"], 1), true);
        yield return new ClassificationEvaluation(new ConfusionMatrix(2, [5, 1, 2, 7]), new ScoreHistogram([3, 9], [0, 4], [2, 1]), 1.75, true);
    }
}
