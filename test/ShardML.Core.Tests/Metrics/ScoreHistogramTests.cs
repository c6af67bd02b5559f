using ShardML.Core.Metrics;

namespace ShardML.Core.Tests.Metrics;

public sealed class ScoreHistogramTests
{
    [Fact]
    public void Bins_are_monotone_in_the_score_across_signs_and_magnitudes()
    {
        float[] scores = [float.NegativeInfinity, -1e30f, -3.5f, -1f, -1e-20f, -0f, 0f, 1e-20f, 0.25f, 0.5f, 1f, 7f, 1e30f, float.PositiveInfinity];

        var bins = scores.Select(ScoreHistogram.BinOf).ToArray();

        Assert.True(bins.Zip(bins.Skip(1)).All(p => p.First <= p.Second), string.Join(", ", bins));
        Assert.Equal(ScoreHistogram.BinOf(0f), ScoreHistogram.BinOf(-0f));
        Assert.True(ScoreHistogram.BinOf(-1e-20f) < ScoreHistogram.BinOf(1e-20f));
    }

    [Theory]
    [InlineData(1, 0.3)] // well spread scores: the histogram's AUC is exact
    [InlineData(2, 0.0)] // heavy overlap and many near-ties
    public void The_exact_auc_lies_within_the_reported_bound_of_the_histogram_auc(int seed, double separation)
    {
        var (scores, labels) = Scores(3000, separation, seed);

        var histogram = Histogram(scores, labels);
        var exact = ExactAuc(scores, labels);

        Assert.InRange(exact, histogram.Auc - histogram.AucErrorBound, histogram.Auc + histogram.AucErrorBound);
        Assert.True(histogram.AucErrorBound < 2e-3, $"bound {histogram.AucErrorBound}");
        Assert.Equal(exact, histogram.Auc, 2e-3);
    }

    [Fact]
    public void Distinct_scores_in_distinct_bins_give_the_exact_auc_with_a_zero_bound()
    {
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f];
        bool[] labels = [false, false, true, true];

        var histogram = Histogram(scores, labels);

        Assert.Equal(0.75, histogram.Auc, 15);
        Assert.Equal(0, histogram.AucErrorBound);
    }

    [Fact]
    public void Equal_scores_count_as_ties_and_the_bound_says_so()
    {
        var histogram = Histogram([0.5f, 0.5f, 0.5f], [true, false, false]);

        Assert.Equal(0.5, histogram.Auc);
        Assert.Equal(0.5, histogram.AucErrorBound);
    }

    [Fact]
    public void Merging_partitions_in_any_tree_gives_the_histogram_of_the_whole()
    {
        var (scores, labels) = Scores(500, 0.2, 9);
        var whole = Histogram(scores, labels);

        var parts = new[] { (0, 120), (120, 300), (300, 301), (301, 500) }
            .Select(r => Histogram(scores[r.Item1..r.Item2], labels[r.Item1..r.Item2])).ToArray();
        var left = parts[0];
        left.MergeFrom(parts[1]);
        var right = parts[2];
        right.MergeFrom(parts[3]);
        left.MergeFrom(right);

        Assert.Equal(whole.Bins, left.Bins);
        Assert.Equal(whole.Positives, left.Positives);
        Assert.Equal(whole.Negatives, left.Negatives);
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

    /// <summary>Mann–Whitney: the share of (positive, negative) pairs ordered correctly, ties counting half.</summary>
    private static double ExactAuc(float[] scores, bool[] labels)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }

    /// <summary>Logistic-looking scores: positives shifted up by <paramref name="separation"/>, rounded to 3 digits when 0 to force near-ties.</summary>
    private static (float[] Scores, bool[] Labels) Scores(int n, double separation, int seed)
    {
        var random = new Random(seed);
        var scores = new float[n];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.4;
            var z = (random.NextDouble() * 2) - 1 + (labels[i] ? separation * 4 : 0);
            var p = 1 / (1 + Math.Exp(-z));
            scores[i] = separation == 0 ? (float)Math.Round(p, 3) : (float)p;
        }

        return (scores, labels);
    }
}
