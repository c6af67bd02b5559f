using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ShardML.Core.Data.Masking;

/// <summary>
/// The secret behind a masked copy's keyed transforms. From the key file's bytes, HKDF-SHA256 derives one key for
/// pseudonyms and one for noise, so neither use reveals the other. A pseudonym is HMAC-SHA256(pseudonym key, the value's
/// UTF-8), its first 128 bits in hex: the same key gives every value the same pseudonym in every copy, so copies still
/// join on it, and without the key the values cannot be recovered or tested. Noise is Laplace, its uniform drawn from
/// HMAC-SHA256(noise key, column, the row's byte offset in the file): a cryptographic source that gives each value the
/// same noise however the file is partitioned. The key is never written or logged; <see cref="Id"/> names it instead.
/// </summary>
public sealed class MaskKey : IDisposable
{
    /// <summary>The shortest key file accepted.</summary>
    public const int MinimumBytes = 16;

    private readonly byte[] _pseudonyms;
    private readonly byte[] _noise;

    private MaskKey(byte[] secret)
    {
        _pseudonyms = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "ShardML mask: pseudonyms v1"u8.ToArray());
        _noise = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "ShardML mask: noise v1"u8.ToArray());
        Id = Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 8, info: "ShardML mask: key id v1"u8.ToArray()));
    }

    /// <summary>A name for the key (64 derived bits, hex): two copies with the same id were masked with the same key.</summary>
    public string Id { get; }

    /// <summary>Reads a key file; refuses one shorter than <see cref="MinimumBytes"/>.</summary>
    public static MaskKey Load(string path)
    {
        var secret = File.ReadAllBytes(path);
        try
        {
            return secret.Length >= MinimumBytes
                ? new MaskKey(secret)
                : throw new ArgumentException($"the mask key file holds {secret.Length} bytes; a key is at least {MinimumBytes} random bytes (head -c 32 /dev/urandom > key)", nameof(path));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The value's pseudonym: 32 hex digits.</summary>
    public string Pseudonym(string value)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_pseudonyms, Encoding.UTF8.GetBytes(value), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    /// <summary>Laplace(0, <paramref name="scale"/>) for the value of <paramref name="column"/> in the row at byte <paramref name="offset"/>.</summary>
    public double Laplace(string column, long offset, double scale)
    {
        var name = Encoding.UTF8.GetBytes(column);
        var message = new byte[name.Length + 8];
        name.CopyTo(message, 0);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(name.Length), offset);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_noise, message, mac);
        var u = ((BinaryPrimitives.ReadUInt64BigEndian(mac) >> 11) + 0.5) / (1UL << 53) - 0.5; // in (−½, ½)
        return -scale * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)));
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_pseudonyms);
        CryptographicOperations.ZeroMemory(_noise);
    }
}
