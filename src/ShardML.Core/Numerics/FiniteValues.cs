using System.Numerics;
using System.Runtime.InteropServices;

namespace ShardML.Core.Numerics;

/// <summary>
/// Finds the first NaN or infinity in floats read from a binary file, where no parser looked at each value. A value
/// x is finite exactly when x − x is 0 (NaN − NaN and ∞ − ∞ are NaN), so a whole vector is tested with one
/// subtraction and one compare: a pass at memory speed over bytes just read, against the NaN that would otherwise
/// spread silently through every sum of a job.
/// </summary>
public static class FiniteValues
{
    /// <summary>The index of the first value that is not finite, or −1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (var v = 0; v < vectors.Length; v++)
            {
                if (!Vector.EqualsAll(vectors[v] - vectors[v], Vector<float>.Zero))
                {
                    i = v * Vector<float>.Count;
                    while (float.IsFinite(values[i]))
                    {
                        i++;
                    }

                    return i;
                }
            }

            i = vectors.Length * Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
