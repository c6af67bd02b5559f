namespace ShardML.Core.Metrics;

/// <summary>R², RMSE and MAE from sums that merge by addition across partitions.</summary>
/// <param name="Count">Rows.</param>
/// <param name="SumSquaredError">Σ (ŷ − y)².</param>
/// <param name="SumAbsoluteError">Σ |ŷ − y|.</param>
/// <param name="SumLabel">Σ y.</param>
/// <param name="SumSquaredLabel">Σ y².</param>
public readonly record struct RegressionMetrics(long Count, double SumSquaredError, double SumAbsoluteError, double SumLabel, double SumSquaredLabel)
{
    public double RootMeanSquaredError => Math.Sqrt(SumSquaredError / Count);

    public double MeanAbsoluteError => SumAbsoluteError / Count;

    /// <summary>1 − SSE / SST; NaN when the labels are constant (SST = 0).</summary>
    public double RSquared
    {
        get
        {
            var total = SumSquaredLabel - (SumLabel * SumLabel / Count);
            return total > 0 ? 1 - (SumSquaredError / total) : double.NaN;
        }
    }
}
