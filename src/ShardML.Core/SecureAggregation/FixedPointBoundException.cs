using System.Globalization;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// A value outside the bound its summary's fixed-point encoding was sized for. Encoding it anyway could wrap the
/// masked total modulo 2⁶⁴ into a wrong number that nobody can see is wrong, so it is refused instead.
/// </summary>
public sealed class FixedPointBoundException : Exception
{
    public FixedPointBoundException()
    {
    }

    public FixedPointBoundException(string message)
        : base(message)
    {
    }

    public FixedPointBoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FixedPointBoundException(double value, int index, double bound)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"value {value:R} at index {index} is outside the bound ±{bound:R} this summary's fixed-point encoding was sized for; encoding it could overflow the total"))
    {
        Value = value;
        Index = index;
        Bound = bound;
    }

    /// <summary>The refused value (may be NaN or infinite).</summary>
    public double Value { get; }

    /// <summary>Its index in the vector being encoded.</summary>
    public int Index { get; }

    /// <summary>The bound on |value| the encoding was sized for.</summary>
    public double Bound { get; }
}
