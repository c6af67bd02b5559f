using ShardML.Core.Metrics;

namespace ShardML.Core.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    [Fact]
    public void R2_rmse_and_mae_from_sums_match_their_definitions()
    {
        double[] y = [3, -0.5, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8]; // scikit-learn's r2_score example: 0.9486081370449679
        var errors = y.Zip(predicted, (a, b) => b - a).ToArray();
        var metrics = new RegressionMetrics(4, errors.Sum(e => e * e), errors.Sum(Math.Abs), y.Sum(), y.Sum(v => v * v));

        Assert.Equal(0.9486081370449679, metrics.RSquared, 12);
        Assert.Equal(Math.Sqrt(0.375), metrics.RootMeanSquaredError, 12);
        Assert.Equal(0.5, metrics.MeanAbsoluteError, 12);
    }

    [Fact]
    public void R2_of_constant_labels_is_undefined()
    {
        Assert.True(double.IsNaN(new RegressionMetrics(3, 1, 1, 6, 12).RSquared));
    }
}
