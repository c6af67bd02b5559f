namespace ShardML.Runtime.Transfer;

/// <summary>
/// What moving one payload between this process and another silo process costs, both ways, on each path: Orleans
/// messages in chunks (<see cref="Messages"/>) and the data plane (<see cref="DataPlane"/>). Medians over the rounds.
/// </summary>
/// <param name="Silo">The silo the payload went to and came back from.</param>
/// <param name="Bytes">The payload's length.</param>
/// <param name="Rounds">Timed round trips per path.</param>
/// <param name="Messages">Through grain calls of at most the largest message.</param>
/// <param name="DataPlane">Through the silo's data plane; null when it was not asked for or the silo offers none.</param>
/// <param name="SameBits">Every payload came back with the bits it went with.</param>
public sealed record ExchangeMeasurement(string Silo, long Bytes, int Rounds, ExchangePath Messages, ExchangePath? DataPlane, bool SameBits);

/// <summary>One path's medians: to the silo (a step) and back (a summary).</summary>
public sealed record ExchangePath(double UploadSeconds, double DownloadSeconds, long Bytes)
{
    public double UploadGigabytesPerSecond => Bytes / UploadSeconds / 1e9;

    public double DownloadGigabytesPerSecond => Bytes / DownloadSeconds / 1e9;
}
