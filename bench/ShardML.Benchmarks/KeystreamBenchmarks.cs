using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using ShardML.Core.SecureAggregation;

namespace ShardML.Benchmarks;

/// <summary>
/// 8 MB of AES-256-CTR keystream (10⁶ mask words): the platform's AES-ECB over counter blocks in place, which
/// <see cref="MaskGenerator"/> uses, against BouncyCastle's counter mode (<c>SicBlockCipher</c>) a block at a time.
/// </summary>
[MemoryDiagnoser]
public class KeystreamBenchmarks
{
    private const int Words = 1_000_000;
    private readonly byte[] _seed = [.. Enumerable.Range(0, MaskGenerator.SeedBytes).Select(i => (byte)i)];
    private readonly ulong[] _words = new ulong[Words];
    private readonly byte[] _zeros = new byte[16];

    [Benchmark(Baseline = true)]
    public ulong PlatformAesEcbOverCounters()
    {
        using var generator = new MaskGenerator(_seed);
        generator.Fill(_words);
        return _words[^1];
    }

    [Benchmark]
    public ulong BouncyCastleSicBlockCipher()
    {
        var cipher = new SicBlockCipher(AesUtilities.CreateEngine());
        cipher.Init(true, new ParametersWithIV(new KeyParameter(_seed), new byte[16]));
        var bytes = MemoryMarshal.AsBytes(_words.AsSpan());
        for (var offset = 0; offset < bytes.Length; offset += 16)
        {
            cipher.ProcessBlock(_zeros, bytes.Slice(offset, 16));
        }

        return _words[^1];
    }
}
