namespace ShardML.Cli.Tests;

/// <summary><c>shardml cert</c>: the role a certificate gets, and what a bad or missing role says.</summary>
public sealed class CertificateCommandTests : IDisposable
{
    private readonly Samples _samples = new();

    [Theory]
    [InlineData("silo", true)]
    [InlineData("client", false)]
    public async Task A_certificate_gets_the_usages_of_its_role(string role, bool servesAsSilo)
    {
        var ca = _samples.In("certs");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("cert", "create-ca", "--out", ca)).ExitCode);

        var run = await CliRun.RunAsync("cert", "issue", "--ca", ca, "--name", "node", "--role", role, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(role, run.Json().GetProperty("role").GetString());
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(ca, "node.crt")));
        Assert.Equal(servesAsSilo, ShardML.Runtime.Security.ClusterCertificateValidator.IsSilo(certificate));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("")]
    public async Task An_unknown_role_is_a_usage_error_naming_the_option(string role)
    {
        var ca = _samples.In("certs");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("cert", "create-ca", "--out", ca)).ExitCode);

        var run = await CliRun.RunAsync("cert", "issue", "--ca", ca, "--name", "node", "--role", role);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--role", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ca, "node.crt")));
    }

    [Fact]
    public async Task Without_a_role_nothing_is_issued()
    {
        var ca = _samples.In("certs");
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("cert", "create-ca", "--out", ca)).ExitCode);

        var run = await CliRun.RunAsync("cert", "issue", "--ca", ca, "--name", "node");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--role", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ca, "node.crt")));
    }

    public void Dispose() => _samples.Dispose();
}
