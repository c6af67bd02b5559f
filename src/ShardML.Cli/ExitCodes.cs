namespace ShardML.Cli;

/// <summary>The process exit codes, documented in the README. Scripts may rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug, a crashed node); the message says what.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: an unknown option, a missing or invalid value.</summary>
    public const int Usage = 2;

    /// <summary>The input data is malformed; the message names the file, line and column.</summary>
    public const int DataError = 3;

    /// <summary>The model file is missing, unreadable, or does not fit the data.</summary>
    public const int ModelError = 4;

    /// <summary>The cluster could not be reached, refused the connection, or too few silos remained to finish.</summary>
    public const int ClusterError = 5;

    /// <summary>Refused: the client's identity lacks the permission, the job is another's, or the data lies outside the silos' data roots.</summary>
    public const int Refused = 6;

    /// <summary>Training diverged or ended with non-finite weights or objective; no model was written. The message says what to change.</summary>
    public const int Diverged = 7;

    /// <summary>Interrupted (Ctrl-C, SIGTERM); nothing was written.</summary>
    public const int Cancelled = 130;
}
