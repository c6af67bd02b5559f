using System.Diagnostics;
using System.Text;

namespace ShardML.Cluster.Tests.Support;

/// <summary>A <c>shardml</c> process started from the CLI's build output, with its output captured.</summary>
public sealed class ShardmlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private ShardmlProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StandardOutput
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The built <c>shardml.dll</c> of the same configuration as this test assembly.</summary>
    public static string Executable { get; } = FindExecutable();

    public static ShardmlProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>shardml</c> with <paramref name="environment"/> added to its environment (a heap limit, say).</summary>
    public static ShardmlProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Executable);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var wrapper = new ShardmlProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(wrapper._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails with the process's output if it exits or time runs out.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!StandardOutput.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new TimeoutException($"shardml (pid {Id}) did not print '{text}' within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}).\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop (SIGTERM), as an operator or a service manager would.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    /// <summary>Freezes the process (SIGSTOP): a node that hangs — swapping, paused by its hypervisor — without dying.</summary>
    public void Freeze() => Signal("-STOP");

    /// <summary>Lets a frozen process go on (SIGCONT).</summary>
    public void Thaw() => Signal("-CONT");

    /// <summary>Kills the process at once (SIGKILL): a machine that dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    private void Signal(string signal)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Thaw(); // a frozen process would not hear SIGTERM
        Terminate();
        try
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            target.AppendLine(line);
        }
    }

    private static string FindExecutable()
    {
        var testOutput = AppContext.BaseDirectory;
        var configuration = testOutput.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = new DirectoryInfo(testOutput);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ShardML.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"no ShardML.slnx above {testOutput}");
        }

        var dll = Path.Combine(directory.FullName, "src", "ShardML.Cli", "bin", configuration, "net10.0", "shardml.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll}: build the CLI first (dotnet build -c {configuration})", dll);
    }
}
