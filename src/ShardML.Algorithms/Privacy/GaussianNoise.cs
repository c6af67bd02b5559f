using System.Security.Cryptography;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Standard normal noise for the Gaussian mechanism, drawn with the Box–Muller transform from 53-bit uniforms. The
/// uniforms come from the operating system's cryptographic generator: a seeded stream could be replayed and
/// subtracted by anyone who knows the seed. A test seed replaces it for reproducible tests only, and a model trained
/// with one says so. Known limit: floating-point Gaussian samples have gaps an attacker who sees raw outputs could in
/// principle exploit (Mironov 2012); the released model is a sum of many noisy steps, not one sample.
/// </summary>
public sealed class GaussianNoise
{
    private readonly ulong? _testSeed;

    public GaussianNoise(ulong? testSeed)
    {
        _testSeed = testSeed;
    }

    public bool IsCryptographic => _testSeed is null;

    /// <summary>Fills <paramref name="into"/> with independent N(0, <paramref name="deviation"/>²) values for step <paramref name="step"/>.</summary>
    public void Fill(Span<double> into, double deviation, long step)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < into.Length; i += 2)
        {
            double u1, u2;
            if (_testSeed is { } seed)
            {
                u1 = 1 - CounterRandom.NextDouble(seed, (ulong)step, (ulong)i);
                u2 = CounterRandom.NextDouble(seed, (ulong)step, (ulong)i + 1);
            }
            else
            {
                RandomNumberGenerator.Fill(bytes);
                u1 = 1 - ((BitConverter.ToUInt64(bytes) >> 11) * (1.0 / (1UL << 53))); // (0, 1]
                u2 = (BitConverter.ToUInt64(bytes[8..]) >> 11) * (1.0 / (1UL << 53));
            }

            var radius = deviation * Math.Sqrt(-2 * Math.Log(u1));
            into[i] = radius * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < into.Length)
            {
                into[i + 1] = radius * Math.Sin(2 * Math.PI * u2);
            }
        }
    }
}
