namespace ShardML.Runtime.Hosting;

/// <summary>
/// The machine-wide claim of a silo on its ports, held as long as its host lives: an exclusive lock on one file per port
/// in the temporary folder. Orleans listens with SO_REUSEPORT, so two silos started at once on one port both bind it, and
/// when they start within the same second they also share one silo address (the generation counts seconds): membership
/// then holds one entry for two processes and the kernel splits the connections between them. A plain bind probe
/// (<see cref="ShardSilo.RequirePortsFree"/>) cannot see a silo that has not bound yet; the lock can.
/// </summary>
internal sealed class PortClaims : IDisposable
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "shardml-ports");

    private readonly List<FileStream> _locks;

    private PortClaims(List<FileStream> locks) => _locks = locks;

    /// <summary>Claims every one of <paramref name="ports"/> (port, option) or none, and names the first one another silo holds.</summary>
    public static PortClaims? TryAcquire(IEnumerable<(int Port, string Option)> ports, out (int Port, string Option) taken)
    {
        var locks = new List<FileStream>();
        foreach (var (port, option) in ports)
        {
            if (!TryLock(port, out var held))
            {
                locks.ForEach(l => l.Dispose());
                taken = (port, option);
                return null;
            }

            if (held is not null)
            {
                locks.Add(held);
            }
        }

        taken = default;
        return new PortClaims(locks);
    }

    /// <summary>
    /// False when another process holds <paramref name="port"/>'s lock. A folder this user may not write to (another
    /// user's on a shared machine), or any other trouble with the file, claims nothing and succeeds: the bind probe still stands.
    /// </summary>
    private static bool TryLock(int port, out FileStream? held)
    {
        held = null;
        try
        {
            Directory.CreateDirectory(Folder);
            // Never deleted on close: a process that opened the old file before the unlink would lock a file no one else sees.
            held = new FileStream(Path.Combine(Folder, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException e) when (HeldElsewhere(e))
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>
    /// What .NET reports for a file another process holds with FileShare.None: on Unix the errno of the refused flock,
    /// EWOULDBLOCK (11 on Linux, 35 on macOS); on Windows ERROR_SHARING_VIOLATION (32) in the low word.
    /// </summary>
    private static bool HeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == 32 : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _locks.ForEach(l => l.Dispose());
}
