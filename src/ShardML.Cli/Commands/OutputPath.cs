namespace ShardML.Cli.Commands;

/// <summary>
/// Checks an <c>--out</c> path before any work starts: a run that trains for an hour must not fail at the end
/// because the directory is missing, and an output must never overwrite the run's own input.
/// </summary>
internal static class OutputPath
{
    /// <summary>
    /// Throws a <see cref="UsageException"/> naming <paramref name="option"/> when <paramref name="output"/> is one of
    /// <paramref name="inputs"/> (option and file), a directory, a device, in a directory that does not exist, or not writable.
    /// </summary>
    public static void Check(string option, FileInfo output, params (string Option, FileInfo? File)[] inputs)
    {
        var path = Path.GetFullPath(output.FullName);
        foreach (var (inputOption, file) in inputs)
        {
            if (file is not null && string.Equals(Resolve(file.FullName), Resolve(path), StringComparison.Ordinal))
            {
                throw new UsageException($"{option} {output} is the {inputOption} file: writing it would destroy the input; choose another path");
            }
        }

        if (Directory.Exists(path))
        {
            throw new UsageException($"{option} {output} is a directory; give a file path");
        }

        if (IsSpecial(path))
        {
            // The output is written beside the target and renamed over it, which would replace a device.
            throw new UsageException($"{option} {output} is in a device or process file system; give a path to a regular file");
        }

        var directory = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"{option} {output}: the directory {directory} does not exist");
        }

        // The output is written beside itself and renamed into place, so that directory must take a new file.
        var probe = Path.Combine(directory, $".shardml-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {output}: cannot write in {directory} ({e.Message})", e);
        }
    }

    /// <summary>
    /// A path in the kernel's device or process file systems (<c>/dev/null</c>, <c>/proc/…</c>). .NET does not expose a
    /// file's type, and these are where a device is met in practice; as root, writing beside <c>/dev/null</c> and
    /// renaming over it replaced the device with a model.
    /// </summary>
    private static bool IsSpecial(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        var target = Resolve(path);
        var device = target.StartsWith("/dev/", StringComparison.Ordinal) && !target.StartsWith("/dev/shm/", StringComparison.Ordinal); // /dev/shm holds plain files
        return device || target.StartsWith("/proc/", StringComparison.Ordinal) || target.StartsWith("/sys/", StringComparison.Ordinal);
    }

    /// <summary>The path with symbolic links followed, so a link to the input counts as the input.</summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
