using System.Text.RegularExpressions;
using ShardML.Core.Data;

namespace ShardML.Runtime.Security;

/// <summary>
/// The directories a silo may read data from (<c>shardml silo --data-root DIR</c>, repeatable). A path is allowed when,
/// with its <c>..</c> and symbolic links resolved in order as the operating system would, it lies inside one of them; the
/// roots themselves are resolved once. Anything else is refused before any file is touched, so the refusal says nothing
/// of whether the file exists or what it holds. A silo started with <c>--allow-any-path</c> (and the embedded silo, the
/// user's own process) checks nothing.
/// </summary>
/// <remarks>
/// The check happens where a silo plans a dataset, loads a partition, or a driver starts a job; a file is then opened by
/// its path, so a symbolic link inside a root that someone swaps between the check and the open could still lead out:
/// roots must not hold links that untrusted users can write. On a silo with roots, error messages leaving it carry a
/// file's name, line and column and no quoted text of the file (<see cref="Redact(string)"/>).
/// </remarks>
public sealed partial class DataRoots
{
    private const int MaximumLinks = 40;

    public DataRoots(IEnumerable<string> roots, bool allowAny)
    {
        AllowAny = allowAny;
        Roots = [.. roots.Select(r =>
        {
            var resolved = Resolve(r);
            return Directory.Exists(resolved)
                ? resolved.TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } trimmed ? trimmed : resolved
                : throw new ArgumentException($"data root '{r}' is not a directory", nameof(roots));
        })];
        if (!allowAny && Roots.Count == 0)
        {
            throw new ArgumentException("a silo that reads only under its data roots needs at least one (`DataRoots`), or `AllowAnyPath`", nameof(roots));
        }
    }

    /// <summary>No restriction: the embedded silo, or a silo started with <c>--allow-any-path</c>.</summary>
    public static DataRoots Any { get; } = new([], allowAny: true);

    public bool AllowAny { get; }

    /// <summary>True when paths are checked (and errors redacted).</summary>
    public bool Restricted => !AllowAny;

    /// <summary>The roots, resolved.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Every file a partition's source reads.</summary>
    public static IEnumerable<string> PathsOf(PartitionSource source) => source.Files is { } files ? files.Select(f => f.Path) : [source.Path];

    /// <summary>Throws <see cref="AccessDeniedException"/> unless <paramref name="path"/>, resolved, lies inside a root.</summary>
    public void Require(string path)
    {
        if (AllowAny)
        {
            return;
        }

        string resolved;
        try
        {
            resolved = Resolve(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            resolved = string.Empty; // a path that cannot even be resolved is not inside a root
        }

        if (!Roots.Any(root => IsInside(resolved, root)))
        {
            throw new AccessDeniedException(
                $"'{path}' is outside the silos' data roots (`DataRoots`: {string.Join(", ", Roots)}); a silo reads only under them");
        }
    }

    /// <summary>A message with every quoted text — a field, a label, a column or a file's own words — replaced by '…'.</summary>
    public static string Redact(string message) => Quoted().Replace(message, "'…'");

    /// <summary>
    /// The path as the operating system would open it: components taken in order from the root, <c>..</c> going up from
    /// where links have led, each symbolic link replaced by its target (itself resolved), at most 40 of them.
    /// </summary>
    internal static string Resolve(string path) => Resolve(Path.IsPathRooted(path) ? path : Path.Join(Environment.CurrentDirectory, path), 0);

    private static string Resolve(string path, int links)
    {
        var root = Path.GetPathRoot(path) ?? throw new ArgumentException($"'{path}' has no root", nameof(path));
        var current = root;
        foreach (var part in path[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaximumLinks)
            {
                throw new IOException($"more than {MaximumLinks} symbolic links");
            }

            current = Resolve(Path.IsPathRooted(target) ? target : Path.Join(current, target), links);
        }

        return current;
    }

    private static bool IsInside(string path, string root) =>
        path.Length > 0 && (string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();
}
