using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ShardML.Core.SecureAggregation;

/// <summary>
/// A Paillier ciphertext, an element of ℤ*_{n²}, with the number of encryptions it is the sum of. The count travels
/// with it so that unpacking removes the right offsets and refuses a sum with more addends than its slots have
/// headroom for (<see cref="PaillierPacking"/>), rather than reading carries from one slot into the next.
/// </summary>
/// <param name="Value">c, 0 &lt; c &lt; n².</param>
/// <param name="Addends">How many encryptions were multiplied into it: 1 for a fresh one.</param>
public sealed record PaillierCiphertext(BigInteger Value, int Addends);
