using System.Text.Json;

namespace ShardML.Testing;

/// <summary>Runs <c>shardml</c> in this process with stdout and stderr captured.</summary>
public sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        await OneAtATime.WaitAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (ShardML.Cli.Commands.ShardCommand.StandardOutput, ShardML.Cli.Commands.ShardCommand.StandardError);
        try
        {
            ShardML.Cli.Commands.ShardCommand.StandardOutput = stdout;
            ShardML.Cli.Commands.ShardCommand.StandardError = stderr;
            var exit = await ShardML.Cli.ShardCommandLine.RunAsync(args);
            return new CliRun(exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            (ShardML.Cli.Commands.ShardCommand.StandardOutput, ShardML.Cli.Commands.ShardCommand.StandardError) = (oldOut, oldErr);
            OneAtATime.Release();
        }
    }

    /// <summary>The one JSON document on stdout; fails if stdout holds anything else.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(StandardOutput);
        return document.RootElement.Clone();
    }
}
