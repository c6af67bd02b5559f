using System.Numerics.Tensors;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// Vectors of ℤ/2⁶⁴: element-wise addition and subtraction that wrap, as masked and encoded summaries need. Unsigned
/// integer arithmetic wraps in C# (and in the SIMD paths of <see cref="TensorPrimitives"/>), so these are exact.
/// </summary>
public static class ModularVector
{
    /// <summary><paramref name="total"/> += <paramref name="addend"/> mod 2⁶⁴, element-wise.</summary>
    public static void Add(Span<ulong> total, ReadOnlySpan<ulong> addend)
    {
        RequireSameLength(total.Length, addend.Length);
        TensorPrimitives.Add(total, addend, total);
    }

    /// <summary><paramref name="total"/> −= <paramref name="subtrahend"/> mod 2⁶⁴, element-wise.</summary>
    public static void Subtract(Span<ulong> total, ReadOnlySpan<ulong> subtrahend)
    {
        RequireSameLength(total.Length, subtrahend.Length);
        TensorPrimitives.Subtract(total, subtrahend, total);
    }

    /// <summary>The element-wise sum mod 2⁶⁴ of equally long vectors.</summary>
    public static ulong[] Sum(IEnumerable<ulong[]> vectors)
    {
        ulong[]? total = null;
        foreach (var vector in vectors)
        {
            if (total is null)
            {
                total = (ulong[])vector.Clone();
            }
            else
            {
                Add(total, vector);
            }
        }

        return total ?? throw new ArgumentException("at least one vector is needed", nameof(vectors));
    }

    private static void RequireSameLength(int left, int right)
    {
        if (left != right)
        {
            throw new ArgumentException($"vectors of lengths {left} and {right} cannot be added element-wise");
        }
    }
}
