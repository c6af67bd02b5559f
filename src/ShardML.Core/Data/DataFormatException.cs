namespace ShardML.Core.Data;

/// <summary>
/// Malformed input. The message reads like a compiler diagnostic, <c>file:line:column: what is wrong</c>, so
/// editors and people can jump to the spot.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, long line, int column, string problem)
        : base(Format(path, line, column, problem))
    {
        FilePath = path;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public DataFormatException()
        : this(string.Empty, 0, 0, "malformed input")
    {
    }

    public DataFormatException(string message)
        : this(string.Empty, 0, 0, message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Problem = message;
    }

    /// <summary>The file that holds the bad input.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number, or 0 when the problem is the file as a whole.</summary>
    public long Line { get; }

    /// <summary>1-based column: the field number for CSV, the character position for LibSVM; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    private static string Format(string path, long line, int column, string problem) =>
        (line, column) switch
        {
            (0, _) => $"{path}: {problem}",
            (_, 0) => $"{path}:{line}: {problem}",
            _ => $"{path}:{line}:{column}: {problem}",
        };
}
