using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Security;
using ShardML.Core.SecureAggregation;

namespace ShardML.Benchmarks;

/// <summary>
/// Paillier on a packed vector of d = 10⁴ fixed-point values from 8 silos under a 2048-bit key: a silo's encryption,
/// one homomorphic addition of two silos' vectors, and the driver's CRT decryption of the total.
/// </summary>
[MemoryDiagnoser]
public class PaillierBenchmarks
{
    private const int Dimension = 10_000;
    private const int Silos = 8;
    private readonly SecureRandom _random = new();
    private PaillierKeyPair _key = null!;
    private PaillierPacking _packing = null!;
    private ulong[] _encoded = null!;
    private PaillierCiphertext[] _first = null!;
    private PaillierCiphertext[] _second = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = PaillierKeyPair.Generate(2048, _random);
        var codec = new FixedPointCodec(1.0, Silos);
        _packing = PaillierPacking.For(codec, _key.PublicKey);
        var random = new Random(42);
        _encoded = codec.Encode([.. Enumerable.Range(0, Dimension).Select(_ => (2 * random.NextDouble()) - 1)]);
        _first = PaillierVector.Encrypt(_key.PublicKey, _packing, _encoded, _random);
        _second = PaillierVector.Encrypt(_key.PublicKey, _packing, _encoded, _random);
    }

    [Benchmark]
    public PaillierCiphertext[] EncryptPacked() => PaillierVector.Encrypt(_key.PublicKey, _packing, _encoded, _random);

    [Benchmark]
    public PaillierCiphertext[] AddTwoVectors() => PaillierVector.Add(_key.PublicKey, _first, _second);

    [Benchmark]
    public ulong[] DecryptPacked() => PaillierVector.Decrypt(_key.PrivateKey, _packing, _first, Dimension);
}
