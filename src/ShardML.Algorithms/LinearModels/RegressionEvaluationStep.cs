using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.LinearModels;

/// <summary>Sums the regression metrics' ingredients over a partition, scoring rows as <see cref="LinearModels.LinearModelPredictStep"/> does.</summary>
/// <param name="Coefficients">The d weights on raw features, then the intercept.</param>
/// <param name="Dimension">d.</param>
[MemoryPackable]
public sealed partial record RegressionEvaluationStep(double[] Coefficients, int Dimension) : IPartitionStep<RegressionEvaluationSummary>
{
    public RegressionEvaluationSummary Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels!;
        double sse = 0, sae = 0, sy = 0, syy = 0;
        Span<double> score = stackalloc double[1];
        for (var i = 0; i < partition.RowCount; i++)
        {
            Classification.LinearDecision.Scores(partition, i, Coefficients, Dimension, score);
            Classification.LinearDecision.EnsureFinite(score, partition, i, asFloat: true); // as predict would write it
            var error = score[0] - labels[i];
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
public sealed partial class RegressionEvaluationSummary : Summary<RegressionEvaluationSummary>, IAdditiveSummary
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

    [MemoryPackIgnore]
    public int SumLength => 5;

    public void WriteSums(Span<double> destination)
    {
        Common.SummarySums.Check(destination.Length, SumLength);
        destination[0] = Count;
        destination[1] = SumSquaredError;
        destination[2] = SumAbsoluteError;
        destination[3] = SumLabel;
        destination[4] = SumSquaredLabel;
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        Common.SummarySums.Check(totals.Length, SumLength);
        return new RegressionEvaluationSummary(Common.SummarySums.Count(totals[0]), totals[1], totals[2], totals[3], totals[4]);
    }

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
