using ShardML.Runtime.Hosting;

namespace ShardML.Cli.Commands.Cluster;

/// <summary>Parses a <c>--state</c> value, turning a malformed one into a usage error.</summary>
internal static class StateStores
{
    public static StateStore Parse(string text)
    {
        try
        {
            return StateStore.Parse(text);
        }
        catch (Exception e) when (e is FormatException or UriFormatException)
        {
            throw new UsageException($"--state: {e.Message}", e);
        }
    }
}
