using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>Chan's pairwise merge of centered moments, against the moments of the whole computed in one go.</summary>
public sealed class NormalEquationsMergeTests
{
    [Fact]
    public void Merging_two_parts_gives_the_moments_of_the_whole_and_an_empty_part_on_either_side_changes_nothing()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 50).Select(_ => new[] { 1e5 + random.NextDouble(), random.NextDouble() - 0.5 }).ToArray();
        var labels = rows.Select(r => (2 * r[0]) - r[1] + random.NextDouble()).ToArray();

        var whole = Moments(rows, labels);
        var merged = Moments(rows[..20], labels[..20]).Merge(Moments(rows[20..], labels[20..]));
        var emptyFirst = Empty().Merge(Moments(rows, labels));
        var emptyLast = Moments(rows, labels).Merge(Empty());

        foreach (var other in new[] { merged, emptyFirst, emptyLast })
        {
            Assert.Equal(whole.Count, other.Count);
            Approx.Relative(whole.FeatureMeans, other.FeatureMeans, 1e-14, "means");
            Approx.Relative(whole.LabelMean, other.LabelMean, 1e-14, "label mean");
            Approx.Relative(whole.Comoments, other.Comoments, 1e-9, "co-moments");
            Approx.Relative(whole.CrossComoments, other.CrossComoments, 1e-9, "cross co-moments");
            Approx.Relative(whole.LabelComoment, other.LabelComoment, 1e-9, "label co-moment");
        }
    }

    private static NormalEquations Empty() => new(0, new double[2], 0, new double[4], new double[2], 0);

    /// <summary>The centered moments by the textbook two-pass formulas, in double.</summary>
    private static NormalEquations Moments(double[][] rows, double[] labels)
    {
        var n = rows.Length;
        double[] mean = [rows.Average(r => r[0]), rows.Average(r => r[1])];
        var labelMean = labels.Average();
        var comoments = new double[4];
        var cross = new double[2];
        double labelComoment = 0;
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 2; a++)
            {
                for (var b = 0; b < 2; b++)
                {
                    comoments[(a * 2) + b] += (rows[i][a] - mean[a]) * (rows[i][b] - mean[b]);
                }

                cross[a] += (rows[i][a] - mean[a]) * (labels[i] - labelMean);
            }

            labelComoment += (labels[i] - labelMean) * (labels[i] - labelMean);
        }

        return new NormalEquations(n, mean, labelMean, comoments, cross, labelComoment);
    }
}
