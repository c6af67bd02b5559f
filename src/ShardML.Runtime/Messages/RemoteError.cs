using ShardML.Core.Data;

namespace ShardML.Runtime.Messages;

/// <summary>
/// An input error raised on a silo, carried to the driver with its location so the driver raises the same
/// exception type it would have raised locally: a data error keeps its file, line and column; a feature mismatch
/// keeps its message. Other failures travel as ordinary Orleans exceptions.
/// </summary>
[GenerateSerializer, Immutable, Alias("shardml.remote-error")]
public sealed record RemoteError(
    [property: Id(0)] RemoteErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? FilePath,
    [property: Id(3)] long Line,
    [property: Id(4)] int Column,
    [property: Id(5)] string? Problem)
{
    /// <summary>The error to carry, or null when <paramref name="exception"/> is not an input error.</summary>
    public static RemoteError? From(Exception exception) => exception switch
    {
        DataFormatException data => new RemoteError(RemoteErrorKind.Data, data.Message, data.FilePath, data.Line, data.Column, data.Problem),
        FeatureMismatchException mismatch => new RemoteError(RemoteErrorKind.FeatureMismatch, mismatch.Message, null, 0, 0, null),
        Security.AccessDeniedException denied => new RemoteError(RemoteErrorKind.AccessDenied, denied.Message, null, 0, 0, null),
        _ => null,
    };

    /// <summary>
    /// The error as a silo that reads only under its data roots lets it out: the file's name without its directories,
    /// the line and column, and the problem without any quoted text (a value, a label, a column of the file).
    /// </summary>
    public RemoteError Redacted() => this with
    {
        Message = Security.DataRoots.Redact(FilePath is null ? Message : Message.Replace(FilePath, Path.GetFileName(FilePath), StringComparison.Ordinal)),
        FilePath = FilePath is null ? null : Path.GetFileName(FilePath),
        Problem = Problem is null ? null : Security.DataRoots.Redact(Problem),
    };

    public Exception ToException() => Kind switch
    {
        RemoteErrorKind.Data => new DataFormatException(FilePath ?? string.Empty, Line, Column, Problem ?? Message),
        RemoteErrorKind.AccessDenied => new Security.AccessDeniedException(Message),
        _ => new FeatureMismatchException(Message),
    };
}

/// <summary>What kind of input error a <see cref="RemoteError"/> is.</summary>
public enum RemoteErrorKind
{
    Data = 0,
    FeatureMismatch = 1,
    AccessDenied = 2,
}
