using System.Net;
using System.Net.Sockets;
using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>A silo process never shares a port: one already in use is a usage error that names it.</summary>
public sealed class SiloPortTests
{
    [Theory]
    [InlineData("--silo-port")]
    [InlineData("--gateway-port")]
    public async Task A_silo_refuses_to_start_on_a_port_in_use_with_exit_code_2_and_the_port_in_the_message(string option)
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var other = option == "--silo-port" ? "--gateway-port" : "--silo-port";
        var directory = Directory.CreateTempSubdirectory("shardml-port-").FullName;
        try
        {
            await using var silo = ShardmlProcess.Start(
                directory, "silo", "--membership", "redis://127.0.0.1:1", "--insecure", "--allow-any-path", "--advertise", "127.0.0.1",
                option, port.ToString(System.Globalization.CultureInfo.InvariantCulture), other, FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains($"port {port}", silo.StandardError, StringComparison.Ordinal);
            Assert.Contains(option, silo.StandardError, StringComparison.Ordinal);
            Assert.Contains("already in use", silo.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Of_two_silos_started_at_once_on_one_port_one_joins_and_the_other_refuses_with_the_port_in_the_message()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("shardml-port-").FullName;
        try
        {
            var silos = Enumerable.Range(1, 2).Select(i => ShardmlProcess.Start(
                directory, "silo", "--membership", redis.Uri, "--cluster-id", "one-port", "--insecure", "--allow-any-path", "--advertise", "127.0.0.1", "--json",
                "--name", $"silo{i}", "--silo-port", port, "--gateway-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            try
            {
                // Orleans listens with SO_REUSEPORT: without the claim both bound the port and both said ready.
                var refused = await Task.WhenAny(silos.Select(async s => (Silo: s, ExitCode: await s.WaitForExitAsync(TimeSpan.FromSeconds(90)))));
                var (loser, exitCode) = await refused;
                var winner = silos.Single(s => s != loser);
                Assert.Equal(2, exitCode);
                Assert.Contains($"port {port}", loser.StandardError, StringComparison.Ordinal);
                Assert.Contains("already in use", loser.StandardError, StringComparison.Ordinal);
                await winner.WaitForOutputAsync("\"event\": \"ready\"", TimeSpan.FromSeconds(90));
                Assert.False(winner.HasExited);
            }
            finally
            {
                await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
