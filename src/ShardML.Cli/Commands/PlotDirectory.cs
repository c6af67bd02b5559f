namespace ShardML.Cli.Commands;

/// <summary>Checks a directory for plots before any work starts: it may exist or not, but must not be a file.</summary>
internal static class PlotDirectory
{
    public static string Check(string option, DirectoryInfo directory)
    {
        var path = Path.GetFullPath(directory.FullName);
        if (File.Exists(path))
        {
            throw new UsageException($"{option} {directory} is a file; give a directory for the plots");
        }

        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new UsageException($"{option} {directory}: the directory {parent} does not exist");
        }

        return path;
    }
}
