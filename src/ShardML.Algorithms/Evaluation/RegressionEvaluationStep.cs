using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Sums the regression metrics' ingredients over a partition.</summary>
[MemoryPackable]
public sealed partial record RegressionEvaluationStep(float[] Weights, double Intercept) : IPartitionStep<RegressionEvaluationSummary>
{
    public RegressionEvaluationSummary Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels!;
        double sse = 0, sae = 0, sy = 0, syy = 0;
        for (var i = 0; i < partition.RowCount; i++)
        {
            var error = LinearScore.Of(partition, i, Weights) + Intercept - labels[i];
            sse += error * error;
            sae += Math.Abs(error);
            sy += labels[i];
            syy += (double)labels[i] * labels[i];
        }

        return new RegressionEvaluationSummary(partition.RowCount, sse, sae, sy, syy);
    }
}

/// <summary>The sums behind R², RMSE and MAE; merging adds.</summary>
[MemoryPackable]
public sealed partial class RegressionEvaluationSummary : Summary<RegressionEvaluationSummary>
{
    public RegressionEvaluationSummary(long count, double sumSquaredError, double sumAbsoluteError, double sumLabel, double sumSquaredLabel)
    {
        Count = count;
        SumSquaredError = sumSquaredError;
        SumAbsoluteError = sumAbsoluteError;
        SumLabel = sumLabel;
        SumSquaredLabel = sumSquaredLabel;
    }

    public long Count { get; private set; }

    public double SumSquaredError { get; private set; }

    public double SumAbsoluteError { get; private set; }

    public double SumLabel { get; private set; }

    public double SumSquaredLabel { get; private set; }

    [MemoryPackIgnore]
    public RegressionMetrics Value => new(Count, SumSquaredError, SumAbsoluteError, SumLabel, SumSquaredLabel);

    public override RegressionEvaluationSummary Merge(RegressionEvaluationSummary higher)
    {
        Count += higher.Count;
        SumSquaredError += higher.SumSquaredError;
        SumAbsoluteError += higher.SumAbsoluteError;
        SumLabel += higher.SumLabel;
        SumSquaredLabel += higher.SumSquaredLabel;
        return this;
    }
}
