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
}
