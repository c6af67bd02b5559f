using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests.Security;

/// <summary>
/// The membership store is inside the trust boundary: `shardml silo` warns about one that whoever reaches it may write
/// (no password and no TLS), and says nothing of one that has either; the warning never carries the password.
/// </summary>
public sealed class MembershipStoreWarningTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6379")]
    [InlineData("postgres://shardml@127.0.0.1:5432/membership")]
    [InlineData("postgres://shardml@127.0.0.1:5432/membership?sslmode=prefer")]
    public void A_store_without_password_or_TLS_is_warned_about(string uri)
    {
        var warning = MembershipStore.Parse(uri).SecurityWarning;

        Assert.NotNull(warning);
        Assert.Contains("no password and no TLS", warning, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redis://:hunter2@127.0.0.1:6379")]
    [InlineData("rediss://127.0.0.1:6380")]
    [InlineData("postgres://shardml:hunter2@127.0.0.1:5432/membership")]
    [InlineData("postgres://shardml@127.0.0.1:5432/membership?sslmode=require")]
    public void A_store_with_a_password_or_TLS_is_not(string uri)
    {
        var store = MembershipStore.Parse(uri);

        Assert.Null(store.SecurityWarning);
        Assert.DoesNotContain("hunter2", store.Display, StringComparison.Ordinal);
    }
}
