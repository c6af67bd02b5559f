using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ShardML.Runtime;
using ShardML.Runtime.Transfer;

namespace ShardML.Bench;

/// <summary>
/// The <c>exchange</c> workload: a second silo in a process of its own joins the benchmark's embedded silo on loopback
/// (<c>shardml silo --membership local://…</c>, the embedded silo keeping the membership table), and a step- or
/// summary-sized payload goes to it and back through Orleans messages and through the data plane
/// (<see cref="ShardCluster.MeasureExchangeAsync"/>), optionally while this process holds gigabytes of live arrays
/// (<see cref="ExchangeBallast"/>). The second process is ended however the measurement ends.
/// </summary>
public static class ExchangeBench
{
    /// <summary>How long the second silo may take to start and be seen active.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ExchangeMeasurement> MeasureAsync(
        ShardCluster cluster, ChildProcess child, int bytes, int rounds, long ballastBytes, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(child);
        if (ballastBytes > 0)
        {
            progress?.Report($"exchange: holding {ballastBytes / 1e9:F1} GB of live arrays in this process");
        }

        using var ballast = ExchangeBallast.Allocate(ballastBytes, cancellationToken);
        var primary = cluster.LocalSiloEndpoint ?? throw new InvalidOperationException("the exchange needs the embedded silo, whose membership table the second silo joins");
        var (siloPort, gatewayPort) = FreePorts();
        var start = new ProcessStartInfo(child.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in child.LeadingArguments.Concat(
        [
            "silo", "--membership", $"local://{primary}", "--cluster-id", "shardml-embedded", "--name", "bench-peer",
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--allow-any-path", "--insecure", "--json",
        ]))
        {
            start.ArgumentList.Add(argument);
        }

        progress?.Report($"exchange: starting a second silo process on loopback port {siloPort}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {child.FileName}");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var joining = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            joining.CancelAfter(JoinTimeout);
            await WaitForReadyAsync(process, () => Text(errors), joining.Token);
            while ((await cluster.ActiveSilosAsync(joining.Token)).Count < 2)
            {
                await Task.Delay(100, joining.Token);
            }

            progress?.Report($"exchange: {bytes / 1e6:F1} MB to the second silo and back, {rounds} round(s) per path");
            return await cluster.MeasureExchangeAsync(bytes, rounds, cancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Waits for the silo's "ready" document on its standard output.</summary>
    private static async Task WaitForReadyAsync(Process process, Func<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Contains("\"ready\"", StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep its pipe drained
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            throw new TimeoutException($"the second silo did not start within {JoinTimeout.TotalSeconds:0} s: {errors()}");
        }

        throw new InvalidOperationException($"the second silo exited before it was ready: {errors()}");
    }

    private static string Text(StringBuilder errors)
    {
        lock (errors)
        {
            var text = errors.ToString().Trim();
            return text.Length <= 2000 ? text : text[^2000..];
        }
    }

    private static (int Silo, int Gateway) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
