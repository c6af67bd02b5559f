namespace ShardML.Runtime;

/// <summary>
/// An exception's message as a user reads it: its first line, cut short. Orleans puts a whole inner exception, stack
/// trace included, into the message of the rejection it raises for a silo that cannot be reached; quoted as a job's
/// "last failure", that trace reached the user's terminal.
/// </summary>
internal static class FailureText
{
    private const int MaximumCharacters = 300;

    public static string Of(Exception exception)
    {
        var message = exception.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? message : message[..end]).Trim();
        return line.Length <= MaximumCharacters ? line : string.Concat(line.AsSpan(0, MaximumCharacters), "…");
    }
}
