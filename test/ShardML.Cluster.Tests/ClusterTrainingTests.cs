using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>Jobs run through <c>--cluster</c> against silo processes give the models of the embedded run, bit for bit.</summary>
public abstract class ClusterTrainingTests(SiloCluster cluster) : IDisposable
{
    private readonly Samples _samples = new();

    public static TheoryData<string, string[]> Jobs => new()
    {
        { "kmeans", ["train", "kmeans", "--k", "4", "--label", "species", "--partitions", "7", "--seed", "11"] },
        { "linreg-gd", ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--l2", "0.01", "--partitions", "5", "--max-iter", "200"] },
    };

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Through_the_cluster_the_model_has_the_same_bits_as_on_the_embedded_silo(string name, string[] job)
    {
        var data = name == "kmeans" ? _samples.Blobs : _samples.Housing;
        string[] withData = [.. job, "--data", data];
        var embedded = _samples.In(name + "-embedded.json");
        var distributed = _samples.In(name + "-cluster.json");

        await ModelComparison.TrainAsync(embedded, withData);
        var run = await ModelComparison.TrainOnAsync(cluster, distributed, withData);

        Assert.Equal(ModelComparison.Learned(embedded), ModelComparison.Learned(distributed));
        var execution = run.Json().GetProperty("execution");
        Assert.Contains(cluster.Membership.Split("://")[0], execution.GetProperty("cluster").GetString(), StringComparison.Ordinal);
        Assert.All(execution.GetProperty("perPass").EnumerateArray(), pass => Assert.Equal(3, pass.GetProperty("silos").GetInt32()));
    }

    [Fact]
    public async Task Cluster_status_lists_every_silo_as_active()
    {
        var run = await CliRun.RunAsync(["cluster", "status", "--json", .. cluster.ClientArguments]);

        Assert.Equal(0, run.ExitCode);
        var silos = run.Json().GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToArray();
        Assert.Equal(cluster.Silos.Count, silos.Length);
        Assert.All(silos, s => Assert.Equal(Environment.ProcessorCount, s.GetProperty("cores").GetInt32()));
    }

    public void Dispose() => _samples.Dispose();
}

public sealed class RedisClusterTrainingTests(RedisClusterFixture fixture) : ClusterTrainingTests(fixture.Cluster), IClassFixture<RedisClusterFixture>
{
    [Fact]
    public async Task A_client_with_a_certificate_from_another_ca_is_refused_and_the_silos_log_why()
    {
        using var samples = new Samples();
        var foreign = Path.Combine(samples.Scratch, "foreign");
        Assert.Equal(0, (await CliRun.RunAsync("cert", "create-ca", "--out", foreign)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("cert", "issue", "--ca", foreign, "--name", "client", "--role", "client")).ExitCode);

        var run = await CliRun.RunAsync(
            "cluster", "status", "--cluster", fixture.Cluster.Membership, "--cluster-id", fixture.Cluster.ClusterId, "--certs", foreign, "--connect-timeout", "5");

        Assert.Equal(ShardML.Cli.ExitCodes.ClusterError, run.ExitCode);
        Assert.Contains("could not connect", run.StandardError, StringComparison.Ordinal);
        Assert.Contains(fixture.Cluster.Silos, s => s.StandardError.Contains("Refused a TLS connection: certificate 'CN=client'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_started_with_a_client_certificate_is_refused_before_it_joins()
    {
        var impostor = ShardmlProcess.Start(
            fixture.Cluster.Directory,
            ["silo", "--membership", fixture.Cluster.Membership, "--cluster-id", fixture.Cluster.ClusterId, "--advertise", "127.0.0.1", "--name", "impostor",
             "--silo-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--certs", fixture.Cluster.Certificates, "--cert-name", "client", "--allow-any-path"]);
        await using (impostor)
        {
            var exit = await impostor.WaitForExitAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(ShardML.Cli.ExitCodes.Usage, exit);
            Assert.Contains("is a client's", impostor.StandardError, StringComparison.Ordinal);
        }

        var status = await CliRun.RunAsync(["cluster", "status", "--json", .. fixture.Cluster.ClientArguments]);
        Assert.DoesNotContain(status.Json().GetProperty("silos").EnumerateArray(), s => s.GetProperty("name").GetString() == "impostor" && s.GetProperty("status").GetString() == "Active");
    }

    [Fact]
    public async Task A_client_without_tls_is_refused()
    {
        var run = await CliRun.RunAsync(
            "cluster", "status", "--cluster", fixture.Cluster.Membership, "--cluster-id", fixture.Cluster.ClusterId, "--insecure", "--connect-timeout", "5");

        Assert.Equal(ShardML.Cli.ExitCodes.ClusterError, run.ExitCode);
        Assert.Contains(fixture.Cluster.Silos, s => s.StandardError.Contains("Authentication failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_certificates_or_an_explicit_insecure_a_cluster_command_is_refused_before_connecting()
    {
        var run = await CliRun.RunAsync("cluster", "status", "--cluster", fixture.Cluster.Membership);

        Assert.Equal(ShardML.Cli.ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--insecure", run.StandardError, StringComparison.Ordinal);
    }
}

public sealed class PostgresClusterTrainingTests(PostgresClusterFixture fixture) : ClusterTrainingTests(fixture.Cluster), IClassFixture<PostgresClusterFixture>;
