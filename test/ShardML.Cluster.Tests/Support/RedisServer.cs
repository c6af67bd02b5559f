using System.Diagnostics;

namespace ShardML.Cluster.Tests.Support;

/// <summary>A throwaway redis-server on a free loopback port, without persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Uri => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort.Next();
        var process = Launch(port);
        var server = new RedisServer(process, port);
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(20), () => $"redis-server exited: {process.HasExited}");
        return server;
    }

    /// <summary>Kills the server and starts a new one on the same port, empty: a Redis without persistence restarted.</summary>
    public async Task RestartEmptyAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = Launch(Port);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(20), () => $"redis-server exited: {_process.HasExited}");
    }

    private static Process Launch(int port)
    {
        var program = ExternalProgram.Find("redis-server", "redis-server");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
