using System.Net;
using ShardML.Runtime.Hosting;

namespace ShardML.Runtime.Tests;

/// <summary><c>local://</c> names a primary silo of this machine by its loopback silo endpoint, and nothing else.</summary>
public sealed class LocalMembershipTests
{
    [Fact]
    public void A_loopback_endpoint_parses_to_the_primary_silo()
    {
        var store = Assert.IsType<LocalMembership>(MembershipStore.Parse("local://127.0.0.1:41000"));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 41000), store.Primary);
        Assert.Equal("local://127.0.0.1:41000", store.Display);
        Assert.Null(store.SecurityWarning); // no other machine reaches the table
        Assert.IsType<FileStateStore>(new SiloSettings { Membership = store, AllowAnyPath = true }.ResolveState());
    }

    [Theory]
    [InlineData("local://10.0.0.5:41000")]
    [InlineData("local://example.com:41000")]
    [InlineData("local://127.0.0.1")]
    public void Another_machine_or_no_port_is_refused(string uri)
    {
        var error = Assert.Throws<FormatException>(() => MembershipStore.Parse(uri));

        Assert.Contains("local://127.0.0.1:PORT", error.Message, StringComparison.Ordinal);
    }
}
