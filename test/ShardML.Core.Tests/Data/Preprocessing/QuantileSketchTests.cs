using MemoryPack;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Core.Tests.Data.Preprocessing;

public sealed class QuantileSketchTests
{
    [Theory]
    [InlineData(new float[] { 3, 1, 2 }, 2f)]
    [InlineData(new float[] { 4, 1, 3, 2 }, 2.5f)]
    [InlineData(new float[] { -1.5f, 7, 7, 0, -0f }, 0f)]
    [InlineData(new float[] { 5 }, 5f)]
    public void The_median_is_numpys_when_the_values_are_fewer_than_the_bins(float[] values, float median)
    {
        var sketch = Sketch(values);

        Assert.Equal(median, sketch.Median());
        Assert.Equal(0, sketch.Shift);
        Assert.Equal(0, sketch.RelativeError);
    }

    [Fact]
    public void The_mode_is_the_most_frequent_value_and_the_smallest_on_a_tie()
    {
        Assert.Equal(7f, Sketch([1, 7, 7, 3, 3, 7]).Mode());
        Assert.Equal(3f, Sketch([7, 3, 7, 3, 9]).Mode());
        Assert.True(float.IsNaN(new QuantileSketch().Median()));
    }

    [Fact]
    public void Past_its_bins_a_sketch_joins_neighbours_and_stays_within_its_relative_error()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 200_000).Select(_ => (float)(Math.Exp(random.NextDouble() * 40 - 20) * (random.Next(4) == 0 ? -1 : 1))).ToArray();
        var sketch = Sketch(values, QuantileSketch.MinimumCapacity);
        var sorted = values.Order().ToArray();

        Assert.True(sketch.Shift > 0 && sketch.Shift <= 23, $"shift {sketch.Shift}");
        Assert.True(sketch.Keys.Length <= QuantileSketch.MinimumCapacity);
        Assert.Equal(values.Length, sketch.Count);
        foreach (var rank in new[] { 0L, 1, 999, 50_000, 99_999, 100_000, 150_000, 199_999 })
        {
            var exact = sorted[rank];
            Assert.True(Math.Abs(sketch.ValueAt(rank) - exact) <= sketch.RelativeError * Math.Abs(exact), $"rank {rank}: {sketch.ValueAt(rank)} for {exact}");
        }

        var (low, high) = (sorted[99_999], sorted[100_000]);
        Assert.True(Math.Abs(sketch.Median() - ((low + (double)high) / 2)) <= sketch.RelativeError * Math.Max(Math.Abs(low), Math.Abs(high)) * 1.000001);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void A_sketch_is_the_same_however_its_values_were_split_and_merged(int parts)
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 60_000).Select(_ => (float)Math.Round(random.NextDouble() * 1e4, 2)).ToArray();
        var whole = Sketch(values, QuantileSketch.MinimumCapacity);

        var pieces = Enumerable.Range(0, parts).Select(p => Sketch(values[(values.Length * p / parts)..(values.Length * (p + 1) / parts)], QuantileSketch.MinimumCapacity)).ToArray();
        var leftToRight = pieces.Select(p => p.Clone()).Aggregate((a, b) => a.Merge(b));
        var rightToLeft = pieces.Select(p => p.Clone()).Reverse().Aggregate((a, b) => a.Merge(b));

        foreach (var merged in new[] { leftToRight, rightToLeft })
        {
            Assert.Equal(whole.Shift, merged.Shift);
            Assert.Equal(whole.Keys, merged.Keys);
            Assert.Equal(whole.Counts, merged.Counts);
            Assert.Equal(BitConverter.SingleToInt32Bits(whole.Median()), BitConverter.SingleToInt32Bits(merged.Median()));
        }
    }

    [Fact]
    public void Merging_is_associative()
    {
        var random = new Random(3);
        QuantileSketch Part() => Sketch([.. Enumerable.Range(0, 5_000).Select(_ => (float)random.NextDouble() * 100)], QuantileSketch.MinimumCapacity);
        var (a, b, c) = (Part(), Part(), Part());

        var left = a.Clone().Merge(b.Clone()).Merge(c.Clone());
        var right = a.Clone().Merge(b.Clone().Merge(c.Clone()));

        Assert.Equal(left.Keys, right.Keys);
        Assert.Equal(left.Counts, right.Counts);
        Assert.Equal(left.Shift, right.Shift);
    }

    [Fact]
    public void Values_still_being_added_travel_in_its_bytes()
    {
        var sketch = Sketch([2, 9, 4]);

        var copy = MemoryPackSerializer.Deserialize<QuantileSketch>(MemoryPackSerializer.Serialize(sketch))!;

        Assert.Equal([2f, 4f, 9f], [.. copy.Keys.Select(QuantileSketch.ValueOf)]);
        Assert.Equal(4f, copy.Median());
    }

    [Fact]
    public void Keys_order_as_the_values_do()
    {
        float[] values = [float.MinValue, -3.5f, -1e-30f, 0f, -0f, 1e-45f, 1f, 2f, float.MaxValue];

        var keys = values.Select(QuantileSketch.KeyOf).ToArray();

        Assert.Equal(keys.Order(), keys);
        Assert.Equal(keys[3], keys[4]);
        Assert.All(values.Where(v => v != 0), v => Assert.Equal(v, QuantileSketch.ValueOf(QuantileSketch.KeyOf(v))));
    }

    private static QuantileSketch Sketch(float[] values, int capacity = QuantileSketch.DefaultCapacity)
    {
        var sketch = new QuantileSketch(capacity);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        return sketch;
    }
}
