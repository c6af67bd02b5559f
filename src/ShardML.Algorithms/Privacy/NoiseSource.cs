using System.Security.Cryptography;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The noise of the privacy mechanisms: Gaussian (Box–Muller) and Laplace (inverse CDF), from 53-bit uniforms drawn from
/// the operating system's cryptographic generator — a seeded stream could be replayed and subtracted by anyone who knows
/// the seed. A test seed replaces it for reproducible tests only, and a model trained with one says so. Known limit:
/// floating-point samples have gaps that an attacker who sees one raw noisy value could in principle exploit (Mironov
/// 2012); the released models are sums of many noisy values, and the docs say so.
/// </summary>
public sealed class NoiseSource
{
    private readonly ulong? _testSeed;

    public NoiseSource(ulong? testSeed)
    {
        _testSeed = testSeed;
    }

    public bool IsCryptographic => _testSeed is null;

    /// <summary>Fills <paramref name="into"/> with independent N(0, <paramref name="deviation"/>²) values; <paramref name="stream"/> keys a test seed's draws.</summary>
    public void Gaussian(Span<double> into, double deviation, long stream)
    {
        for (var i = 0; i < into.Length; i += 2)
        {
            var u1 = 1 - Uniform(stream, 2 * (ulong)i); // (0, 1]: its log is finite
            var u2 = Uniform(stream, (2 * (ulong)i) + 1);
            var radius = deviation * Math.Sqrt(-2 * Math.Log(u1));
            into[i] = radius * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < into.Length)
            {
                into[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
            }
        }
    }

    /// <summary>Fills <paramref name="into"/> with independent Laplace(0, <paramref name="scale"/>) values.</summary>
    public void Laplace(Span<double> into, double scale, long stream)
    {
        for (var i = 0; i < into.Length; i++)
        {
            var u = Uniform(stream, (ulong)i) - 0.5; // [−½, ½)
            into[i] = -scale * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)));
        }
    }

    /// <summary>A uniform in [0, 1) with 53 random bits.</summary>
    private double Uniform(long stream, ulong index)
    {
        if (_testSeed is { } seed)
        {
            return CounterRandom.NextDouble(seed, (ulong)stream, index);
        }

        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53));
    }
}
