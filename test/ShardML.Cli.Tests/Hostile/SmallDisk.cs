using System.Diagnostics;

namespace ShardML.Cli.Tests.Hostile;

/// <summary>
/// A tmpfs of a few megabytes mounted on a scratch directory: a disk that fills up, for real, without filling the
/// machine's. Mounting needs root (or CAP_SYS_ADMIN); where that is refused, <see cref="Unavailable"/> says why and
/// the tests that need one are skipped with that reason (<see cref="SmallDiskFactAttribute"/>).
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private static readonly Lazy<string?> Probe = new(() =>
    {
        try
        {
            using var disk = new SmallDisk(64);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"a tmpfs cannot be mounted here ({e.Message.Split('\n')[0]}); full-disk scenarios need root";
        }
    });

    public SmallDisk(int kilobytes)
    {
        Path = Directory.CreateTempSubdirectory("shardml-small-disk-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", Path);
        }
        catch
        {
            Directory.Delete(Path);
            throw;
        }
    }

    /// <summary>Why no small disk can be mounted on this machine, or null when one can.</summary>
    public static string? Unavailable => OperatingSystem.IsLinux() ? Probe.Value : "tmpfs is Linux's";

    public string Path { get; }

    public string In(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes zeros into a file until the disk refuses more: from then on, every write that needs a page fails.</summary>
    public void Fill() => FillInto("filler", FileMode.Create);

    /// <summary>
    /// Fills the disk and keeps it full until the result is disposed. A write that fails for want of space deletes its
    /// temporary file, and the pages that file held are free again: a later write that fits in them (a job's final
    /// record, after a checkpoint failed half way) would succeed or not by the timing of the two. Taking freed pages
    /// back within milliseconds, while the job goes on for a hundred or more, makes every later write fail.
    /// </summary>
    public IAsyncDisposable KeepFull()
    {
        Fill();
        var stop = new CancellationTokenSource();
        var refilling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                FillInto("filler-again", FileMode.Append);
                await Task.Delay(2, CancellationToken.None);
            }
        });
        return new Refilling(stop, refilling);
    }

    private void FillInto(string name, FileMode mode)
    {
        using var filler = new FileStream(In(name), mode, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every file left on the disk but the filler: what a failed write must not leave behind.</summary>
    public string[] Leftovers() =>
        [.. Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories).Where(f => !System.IO.Path.GetFileName(f).StartsWith("filler", StringComparison.Ordinal))];

    private sealed class Refilling(CancellationTokenSource stop, Task refilling) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await refilling;
            stop.Dispose();
        }
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {error}");
        }
    }
}
