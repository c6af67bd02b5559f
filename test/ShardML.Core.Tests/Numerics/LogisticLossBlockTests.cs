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

    [Fact]
    public void The_exponential_is_within_an_ulp_of_the_runtimes()
    {
        var random = new Random(2);
        for (var i = 0; i < 20_000; i++)
        {
            var x = -random.NextDouble() * (i % 2 == 0 ? 1 : 700);
            var expected = Math.Exp(x);
            Assert.True(Math.Abs(LogisticLossBlock.ExpNonPositive(x) - expected) <= 2.5e-16 * expected, $"x = {x:R}");
        }

        Assert.Equal(1, LogisticLossBlock.ExpNonPositive(0));
        Assert.Equal(0, LogisticLossBlock.ExpNonPositive(-750));
        Assert.Equal(0, LogisticLossBlock.ExpNonPositive(double.NegativeInfinity));
        Assert.True(double.IsNaN(LogisticLossBlock.ExpNonPositive(double.NaN)));
    }

    [Fact]
    public void Log1p_keeps_the_digits_of_a_small_argument()
    {
        // On a grid where 1 + e is exact, Math.Log(1 + e) is the reference; below it, log1p(e) = e − e²/2 + e³/3.
        for (var k = 1; k <= 1 << 16; k += 7)
        {
            var e = k / 65536.0;
            var expected = Math.Log(1 + e);
            Assert.True(Math.Abs(LogisticLossBlock.Log1p(e) - expected) <= 4.5e-16 * expected, $"e = {e:R}");
        }

        foreach (var e in new[] { 1e-300, 1e-20, 1e-9, 3e-6 })
        {
            var expected = e - (e * e / 2) + (e * e * e / 3);
            Assert.Equal(expected, LogisticLossBlock.Log1p(e), 1e-16 * e);
        }
    }

    [Fact]
    public void Log1p_of_a_tiny_argument_is_what_the_series_gives_without_its_subnormal_steps()
    {
        // Below 2⁻⁶⁰ the series' s² and its products are tiny (subnormal below ~10⁻¹⁵⁴, each one a slow microcode
        // assist); Log1p returns e there. This is the series itself, evaluated the slow way, over the whole range.
        static double Series(double e)
        {
            var s = e / (2 + e);
            var t = s * s;
            var q = 1.0 / 31;
            foreach (var odd in new[] { 29, 27, 25, 23, 21, 19, 17, 15, 13, 11, 9, 7, 5, 3, 1 })
            {
                q = Math.FusedMultiplyAdd(q, t, 1.0 / odd);
            }

            return (s + s) * q;
        }

        var random = new Random(12);
        for (var exponent = -1021; exponent <= -30; exponent++)
        {
            var e = Math.ScaleB(1 + random.NextDouble(), exponent);
            Assert.Equal(Series(e), LogisticLossBlock.Log1p(e));
        }

        // In the lowest binade (e^−|m| for |m| in (707.7, 708]) s = e / 2 is subnormal and the series rounded it;
        // log(1 + e) rounds to e, which Log1p now gives.
        var lowest = Math.ScaleB(1.5, -1022);
        Assert.Equal(lowest, LogisticLossBlock.Log1p(lowest));

        // And the vector lanes, for margins whose e^−|m| has a subnormal square.
        var scores = Enumerable.Range(0, 64).Select(i => 300.0 + (i * 6.5)).ToArray();
        var targets = scores.Select((_, i) => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var (values, derivatives) = (new double[64], new double[64]);
        LogisticLossBlock.Evaluate(targets, scores, values, derivatives);
        for (var i = 0; i < scores.Length; i++)
        {
            var m = targets[i] * scores[i];
            Assert.Equal(Math.Max(-m, 0) + Series(LogisticLossBlock.ExpNonPositive(-Math.Abs(m))), values[i]);
        }
    }

    [Fact]
    public void Vector_lanes_give_the_scalar_functions_bits()
    {
        var random = new Random(8);
        var scores = Enumerable.Range(0, 203).Select(i => (random.NextDouble() - 0.5) * (i % 3 == 0 ? 2000 : 40)).ToArray();
        var targets = scores.Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var (values, derivatives) = (new double[203], new double[203]);
        LogisticLossBlock.Evaluate(targets, scores, values, derivatives);
        for (var i = 0; i < scores.Length; i++)
        {
            var m = targets[i] * scores[i];
            var e = LogisticLossBlock.ExpNonPositive(-Math.Abs(m));
            Assert.Equal(Math.Max(-m, 0) + LogisticLossBlock.Log1p(e), values[i]);
            Assert.Equal(-targets[i] * (m >= 0 ? e : 1) / (1 + e), derivatives[i]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(256)]
    public void The_sums_come_with_evaluates_derivatives(int n)
    {
        var random = new Random(n);
        var scores = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 30).ToArray();
        var targets = scores.Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var (values, derivatives) = (new double[n], new double[n]);
        LogisticLossBlock.Evaluate(targets, scores, values, derivatives);
        var fromSums = new double[n];

        var (loss, derivative) = LogisticLossBlock.EvaluateSums(targets, scores, fromSums);

        Assert.Equal(derivatives, fromSums);
        Assert.Equal(values.Sum(), loss, 1e-12 * values.Sum());
        Assert.Equal(derivatives.Sum(), derivative, 1e-12);
        Assert.Throws<ArgumentException>(() => LogisticLossBlock.EvaluateSums(new double[3], new double[3], new double[2]));
    }
}
