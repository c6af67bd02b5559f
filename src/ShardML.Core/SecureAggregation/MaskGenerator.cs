using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// The pseudorandom generator that expands a pair's 32-byte seed into mask words: AES-256 in counter mode, counter
/// blocks 0, 1, 2, … (128-bit big-endian, no nonce: each seed keys exactly one stream), keystream bytes read as
/// little-endian 64-bit words.
/// </summary>
/// <remarks>
/// Counter mode is AES-ECB over the counter blocks (NIST SP 800-38A §6.5). The blocks are written straight into the
/// caller's buffer and encrypted in place with one <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
/// call, so a fill allocates nothing and runs at the platform's AES-NI speed. The keystream is indistinguishable
/// from uniform as long as AES is a pseudorandom permutation and fewer than 2⁶⁴ blocks are drawn from one key.
/// Cost: one AES block per two words.
/// </remarks>
public sealed class MaskGenerator : IDisposable
{
    /// <summary>Bytes of a seed: an AES-256 key.</summary>
    public const int SeedBytes = 32;

    private const int WordsPerBlock = 2;
    private const int BlockBytes = 16;

    private readonly Aes _aes;
    private ulong _nextBlock;
    private ulong _spareWord;
    private bool _hasSpareWord;

    public MaskGenerator(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedBytes)
        {
            throw new ArgumentException($"a mask seed is {SeedBytes} bytes, not {seed.Length}", nameof(seed));
        }

        _aes = Aes.Create();
        var key = seed.ToArray();
        _aes.Key = key; // Aes keeps its own copy
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Writes the stream's next <c>destination.Length</c> words.</summary>
    public void Fill(Span<ulong> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        if (_hasSpareWord)
        {
            destination[0] = _spareWord;
            _hasSpareWord = false;
            destination = destination[1..];
        }

        var wholeBlocks = destination.Length / WordsPerBlock;
        if (wholeBlocks > 0)
        {
            var bytes = MemoryMarshal.AsBytes(destination[..(wholeBlocks * WordsPerBlock)]);
            for (var block = 0; block < wholeBlocks; block++)
            {
                WriteCounter(bytes.Slice(block * BlockBytes, BlockBytes), _nextBlock++);
            }

            _aes.EncryptEcb(bytes, bytes, PaddingMode.None);
            ToLittleEndianWords(destination[..(wholeBlocks * WordsPerBlock)]);
        }

        if (destination.Length % WordsPerBlock != 0)
        {
            Span<ulong> last = stackalloc ulong[WordsPerBlock];
            var bytes = MemoryMarshal.AsBytes(last);
            WriteCounter(bytes, _nextBlock++);
            _aes.EncryptEcb(bytes, bytes, PaddingMode.None);
            ToLittleEndianWords(last);
            destination[^1] = last[0];
            _spareWord = last[1];
            _hasSpareWord = true;
        }
    }

    public void Dispose() => _aes.Dispose();

    private static void WriteCounter(Span<byte> block, ulong counter)
    {
        BinaryPrimitives.WriteUInt64BigEndian(block, 0);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], counter);
    }

    private static void ToLittleEndianWords(Span<ulong> words)
    {
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }
}
