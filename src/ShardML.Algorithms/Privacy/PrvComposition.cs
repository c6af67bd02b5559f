using System.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Sums of independent privacy loss random variables on one grid, as Opacus' <c>compose_heterogeneous</c> (after
/// Microsoft's prv_accountant): each variable with itself n times through the FFT (the PMF's transform to the n-th
/// power), then the results pairwise by convolution. Both keep the grid's window of size points: composing n
/// variables on t_min + i·dt lands the sum at n·t_min + k·dt, so the result is rolled by (n − 1)(1 − size/2)
/// places, which maps the window onto itself because t_min = −(size/2 − 1)·dt. Mass that leaves the window is
/// dropped; the domain size was chosen so that it is negligible (<see cref="PrvAccountant"/>).
/// <para>
/// Opacus transforms the window circularly at its own length; here it is padded with zeros to the next power of two
/// and the transform is radix 2 (<see cref="RealFft"/>), so mass that Opacus wraps around the window's ends falls in
/// the padding and is dropped instead (docs/PRIVACY.md gives what that changes). Cost: O(M log M) per
/// self-composition and per pair, M the padded size.
/// </para>
/// </summary>
internal static class PrvComposition
{
    public static DiscretePrv Compose(IReadOnlyList<DiscretePrv> prvs, IReadOnlyList<long> selfCompositions)
    {
        var composed = prvs.Select((prv, k) => SelfCompose(prv, selfCompositions[k])).ToList();
        while (composed.Count > 1)
        {
            // Opacus' convolution tree: an odd one out (the last) goes first, then neighbours in pairs.
            var next = new List<DiscretePrv>();
            if (composed.Count % 2 == 1)
            {
                next.Add(composed[^1]);
                composed.RemoveAt(composed.Count - 1);
            }

            for (var k = 0; k + 1 < composed.Count; k += 2)
            {
                next.Add(Convolve(composed[k], composed[k + 1]));
            }

            composed = next;
        }

        return composed[0];
    }

    /// <summary>The sum of <paramref name="count"/> independent copies: the PMF's transform to that power.</summary>
    public static DiscretePrv SelfCompose(DiscretePrv prv, long count)
    {
        var size = prv.Pmf.Length;
        var padded = (int)BitOperations.RoundUpToPowerOf2((uint)size);
        var offset = (padded - size) / 2; // the padded grid starts at −(padded/2 − 1)·dt
        var samples = new double[padded];
        Array.Copy(prv.Pmf, 0, samples, offset, size);
        var spectrum = RealFft.Forward(samples);
        for (var k = 0; k < spectrum.Length; k++)
        {
            spectrum[k] = Complex.FromPolarCoordinates(Math.Pow(spectrum[k].Magnitude, count), spectrum[k].Phase * count);
        }

        var sum = RealFft.Inverse(spectrum, padded);
        // Rolled right by m = (n − 1)(1 − padded/2) mod padded: n − 1, plus half the length when n − 1 is odd.
        var roll = (int)(((count - 1) % padded) + (count % 2 == 0 ? padded / 2 : 0)) % padded;
        var pmf = new double[size];
        for (var i = 0; i < size; i++)
        {
            pmf[i] = sum[(offset + i - roll + padded) % padded];
        }

        return new DiscretePrv(pmf, prv.Domain.ShiftRight(prv.Domain.Shifts * (count - 1)));
    }

    /// <summary>The sum of two independent variables on the same grid: scipy's <c>convolve(mode="same")</c>, the full convolution's middle.</summary>
    public static DiscretePrv Convolve(DiscretePrv left, DiscretePrv right)
    {
        var size = left.Pmf.Length;
        var padded = (int)BitOperations.RoundUpToPowerOf2((uint)((2 * size) - 1));
        var a = new double[padded];
        var b = new double[padded];
        Array.Copy(left.Pmf, a, size);
        Array.Copy(right.Pmf, b, size);
        var product = RealFft.Forward(a);
        var other = RealFft.Forward(b);
        for (var k = 0; k < product.Length; k++)
        {
            product[k] *= other[k];
        }

        var full = RealFft.Inverse(product, padded);
        var pmf = new double[size];
        Array.Copy(full, (size / 2) - 1, pmf, 0, size); // the middle: t = t_min(left) + t_min(right) + (i + size/2 − 1)·dt = t_min + i·dt
        return new DiscretePrv(pmf, left.Domain.ShiftRight(right.Domain.Shifts));
    }
}
