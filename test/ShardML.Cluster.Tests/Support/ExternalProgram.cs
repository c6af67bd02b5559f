using System.Diagnostics;

namespace ShardML.Cluster.Tests.Support;

/// <summary>Finds and runs the servers the tests need (redis-server, PostgreSQL), installed from Debian's packages by .ci/run.</summary>
internal static class ExternalProgram
{
    /// <summary>The full path of <paramref name="name"/> on PATH or in <paramref name="extraDirectories"/>; fails saying how to install it.</summary>
    public static string Find(string name, string package, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(extraDirectories);
        return candidates.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is not installed: apt-get install {package} (.ci/run installs it)");
    }

    /// <summary>Runs a program to completion; fails with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return await stdout;
    }

    public static bool IsRoot => Environment.UserName == "root";
}
