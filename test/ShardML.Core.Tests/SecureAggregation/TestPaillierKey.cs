using ShardML.Core.SecureAggregation;

namespace ShardML.Core.Tests.SecureAggregation;

/// <summary>One 2048-bit key for all the Paillier tests: generating one takes about a second.</summary>
internal static class TestPaillierKey
{
    private static readonly Lazy<PaillierKeyPair> Key = new(() => PaillierKeyPair.Generate(2048));

    public static PaillierKeyPair Value => Key.Value;
}
