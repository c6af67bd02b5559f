using ShardML.Core.Metrics;

namespace ShardML.Core.Tests.Metrics;

public sealed class ScoreCurvesTests
{
    [Fact]
    public void Distinct_scores_give_the_exact_roc_and_precision_recall_points()
    {
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f];
        bool[] labels = [false, false, true, true];

        var curves = Histogram(scores, labels).Curves()!;

        // Thresholds from the top: +∞, 0.8, 0.4, 0.35, 0.1.
        Assert.Equal([0, 0, 0.5, 0.5, 1], curves.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], curves.TruePositiveRates);
        Assert.Equal([1, 1, 0.5, 2.0 / 3, 0.5], curves.Precisions);
        Assert.Equal(double.PositiveInfinity, curves.Thresholds[0]);
        Assert.Equal(0.8, curves.Thresholds[1], 2e-3); // a bin's lower edge, within 0.2 %
        Assert.True(curves.Thresholds[1] <= 0.8f);
        Assert.Equal((0.5 * 1) + (0.5 * (2.0 / 3)), curves.AveragePrecision, 12);
    }

    [Fact]
    public void A_bins_lower_edge_falls_in_that_bin_and_below_its_scores_on_both_signs()
    {
        foreach (var score in new[] { -1e30f, -3.5f, -1e-20f, 0f, 1e-20f, 0.25f, 7f, 1e30f })
        {
            var bin = ScoreHistogram.BinOf(score);
            var edge = ScoreHistogram.LowerEdge(bin);

            Assert.Equal(bin, ScoreHistogram.BinOf(edge));
            Assert.True(edge <= score, $"{edge} > {score}");
        }
    }

    [Fact]
    public void One_class_only_has_no_curve()
    {
        Assert.Null(Histogram([0.2f, 0.7f], [true, true]).Curves());
    }

    private static ScoreHistogram Histogram(float[] scores, bool[] labels)
    {
        var builder = new ScoreHistogramBuilder();
        for (var i = 0; i < scores.Length; i++)
        {
            builder.Add(scores[i], labels[i]);
        }

        return builder.ToHistogram();
    }
}
