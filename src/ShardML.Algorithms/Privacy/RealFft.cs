using System.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The discrete Fourier transform of a real sequence whose length M is a power of two, through one complex FFT of
/// length M/2 (Cooley–Tukey radix 2, iterative, in place; the even and odd samples packed as real and imaginary
/// parts and separated afterwards, Press et al., Numerical Recipes §12.3). X[k] = Σⱼ xⱼ e^(−2πijk/M) for
/// k = 0…M/2; the rest is the conjugate mirror. The inverse includes the 1/M. Twiddles come from one sin/cos each,
/// not a recurrence, so the error grows as log M ulps. Cost: O(M log M) time, M/2 + 1 complex numbers of output plus
/// M/2 of twiddles.
/// </summary>
internal static class RealFft
{
    public static bool IsPowerOfTwo(int m) => m >= 2 && (m & (m - 1)) == 0;

    /// <summary>X[0…M/2] of the real <paramref name="x"/> (length a power of two).</summary>
    public static Complex[] Forward(double[] x)
    {
        var m = x.Length;
        CheckLength(m);
        var n = m / 2;
        var twiddles = Twiddles(m);
        var z = new Complex[n + 1];
        for (var k = 0; k < n; k++)
        {
            z[k] = new Complex(x[2 * k], x[(2 * k) + 1]);
        }

        Transform(z, n, twiddles, inverse: false);
        // E[k] = (Z[k] + conj Z[n−k])/2 and O[k] = (Z[k] − conj Z[n−k])/(2i) are the transforms of the even and odd
        // samples, and X[k] = E[k] + W^k O[k]; k and n − k are done together, since each needs the other's Z.
        var z0 = z[0];
        z[0] = new Complex(z0.Real + z0.Imaginary, 0);
        z[n] = new Complex(z0.Real - z0.Imaginary, 0);
        for (var k = 1; k <= n / 2; k++)
        {
            var (a, b) = (z[k], z[n - k]);
            var even = (a + Complex.Conjugate(b)) / 2;
            var odd = (a - Complex.Conjugate(b)) / new Complex(0, 2);
            var evenMirror = (b + Complex.Conjugate(a)) / 2;
            var oddMirror = (b - Complex.Conjugate(a)) / new Complex(0, 2);
            z[k] = even + (twiddles[k] * odd);
            z[n - k] = evenMirror + (twiddles[n - k] * oddMirror);
        }

        return z;
    }

    /// <summary>The real sequence of length <paramref name="m"/> whose transform is X[0…m/2]; <paramref name="spectrum"/> is overwritten.</summary>
    public static double[] Inverse(Complex[] spectrum, int m)
    {
        CheckLength(m);
        var n = m / 2;
        if (spectrum.Length != n + 1)
        {
            throw new ArgumentException($"a real sequence of length {m} has {n + 1} coefficients, not {spectrum.Length}");
        }

        var twiddles = Twiddles(m);
        // E[k] = (X[k] + conj X[n−k])/2, O[k] = (X[k] − conj X[n−k])/(2W^k), Z[k] = E[k] + i·O[k].
        var (x0, xn) = (spectrum[0].Real, spectrum[n].Real);
        var z = spectrum;
        for (var k = 1; k <= n / 2; k++)
        {
            var (a, b) = (z[k], z[n - k]);
            var even = (a + Complex.Conjugate(b)) / 2;
            var odd = (a - Complex.Conjugate(b)) / (2 * twiddles[k]);
            var evenMirror = (b + Complex.Conjugate(a)) / 2;
            var oddMirror = (b - Complex.Conjugate(a)) / (2 * twiddles[n - k]);
            z[k] = even + (Complex.ImaginaryOne * odd);
            z[n - k] = evenMirror + (Complex.ImaginaryOne * oddMirror);
        }

        z[0] = new Complex((x0 + xn) / 2, (x0 - xn) / 2);
        Transform(z, n, twiddles, inverse: true);
        var x = new double[m];
        for (var k = 0; k < n; k++)
        {
            x[2 * k] = z[k].Real / n;
            x[(2 * k) + 1] = z[k].Imaginary / n;
        }

        return x;
    }

    private static void CheckLength(int m)
    {
        if (!IsPowerOfTwo(m))
        {
            throw new ArgumentException($"the length must be a power of two ≥ 2, not {m}");
        }
    }

    /// <summary>W^k = e^(−2πik/M) for k &lt; M/2; the FFT of length M/2 uses every second one.</summary>
    private static Complex[] Twiddles(int m)
    {
        var twiddles = new Complex[m / 2];
        for (var k = 0; k < twiddles.Length; k++)
        {
            var (sin, cos) = Math.SinCos(-2 * Math.PI * k / m);
            twiddles[k] = new Complex(cos, sin);
        }

        return twiddles;
    }

    /// <summary>The unscaled complex DFT of z[0…n) in place (n a power of two), with conjugate twiddles when inverse.</summary>
    private static void Transform(Complex[] z, int n, Complex[] twiddles, bool inverse)
    {
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (z[i], z[j]) = (z[j], z[i]);
            }
        }

        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size / 2;
            var step = 2 * n / size; // W_size^j = W_M^(j·M/size), M = 2n
            for (var start = 0; start < n; start += size)
            {
                for (var j = 0; j < half; j++)
                {
                    var w = twiddles[j * step];
                    if (inverse)
                    {
                        w = Complex.Conjugate(w);
                    }

                    var t = w * z[start + j + half];
                    var u = z[start + j];
                    z[start + j] = u + t;
                    z[start + j + half] = u - t;
                }
            }
        }
    }
}
