namespace ShardML.Algorithms.Tests.Support;

/// <summary>Numeric assertions with the tolerance and what was compared in the failure message.</summary>
public static class Approx
{
    /// <summary>|expected − actual| ≤ relative × max(|expected|, |actual|).</summary>
    public static void Relative(double expected, double actual, double relative, string what)
    {
        var error = Math.Abs(expected - actual);
        if (!(error <= relative * Math.Max(Math.Abs(expected), Math.Abs(actual))))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R}; relative error {error / Math.Abs(expected):G3} exceeds {relative:G3}");
        }
    }

    public static void Relative(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Relative(expected[i], actual[i], relative, $"{what}[{i}]");
        }
    }

    /// <summary>|expected − actual| ≤ absolute.</summary>
    public static void Absolute(double expected, double actual, double absolute, string what)
    {
        if (!(Math.Abs(expected - actual) <= absolute))
        {
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R}; error {Math.Abs(expected - actual):G3} exceeds {absolute:G3}");
        }
    }

    public static void Absolute(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double absolute, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Absolute(expected[i], actual[i], absolute, $"{what}[{i}]");
        }
    }

    /// <summary>The same bits, element by element.</summary>
    public static void SameBits(float[][] expected, float[][] actual) =>
        Assert.Equal(
            expected.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits),
            actual.SelectMany(r => r).Select(BitConverter.SingleToInt32Bits));

    public static void SameBits(IEnumerable<double> expected, IEnumerable<double> actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
}
