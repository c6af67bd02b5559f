using ShardML.Core.Numerics.Losses;

namespace ShardML.Core.Tests.Numerics;

public sealed class LogisticLossBlockTests
{
    [Fact]
    public void Agrees_with_the_scalar_loss_from_huge_negative_to_huge_positive_margins()
    {
        double[] scores = [-800, -40, -3, -0.5, -1e-9, 0, 1e-9, 0.25, 2, 35, 800];
        foreach (var y in new[] { -1.0, 1.0 })
        {
            var targets = scores.Select(_ => y).ToArray();
            var values = new double[scores.Length];
            var derivatives = new double[scores.Length];

            LogisticLossBlock.Evaluate(targets, scores, values, derivatives);

            for (var i = 0; i < scores.Length; i++)
            {
                Assert.True(double.IsFinite(values[i]) && double.IsFinite(derivatives[i]), $"z = {scores[i]}");
                Assert.Equal(LogisticLoss.Value(y, scores[i]), values[i], Math.Max(1e-15, 1e-13 * values[i]));
                Assert.Equal(LogisticLoss.Derivative(y, scores[i]), derivatives[i], 1e-15);
            }
        }
    }

    [Fact]
    public void An_element_gets_the_same_bits_wherever_it_sits_in_a_block()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 37).Select(_ => (random.NextDouble() * 20) - 10).ToArray();
        var targets = scores.Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var (values, derivatives) = (new double[37], new double[37]);
        LogisticLossBlock.Evaluate(targets, scores, values, derivatives);

        // Every split of the block, with partial last vectors of every length.
        for (var split = 1; split < 37; split++)
        {
            var (v, r) = (new double[37], new double[37]);
            LogisticLossBlock.Evaluate(targets.AsSpan(0, split), scores.AsSpan(0, split), v.AsSpan(0, split), r.AsSpan(0, split));
            LogisticLossBlock.Evaluate(targets.AsSpan(split), scores.AsSpan(split), v.AsSpan(split), r.AsSpan(split));
            Assert.Equal(values, v);
            Assert.Equal(derivatives, r);
        }
    }

    [Fact]
    public void Spans_of_different_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => LogisticLossBlock.Evaluate(new double[3], new double[3], new double[3], new double[2]));
}
