using System.Text.Json;

namespace ShardML.Testing;

/// <summary>Runs <c>shardml</c> in this process with stdout and stderr captured.</summary>
public sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Longer than any command of the suite needs on a slow machine. A command that takes longer is cancelled (as
    /// Ctrl-C would) and the test fails with its output, instead of the run hanging on one command that never ends:
    /// commands run one at a time, so a hung one would stall every test after it.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    /// <summary>How long a cancelled command has to return before the test gives up on it.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(60);

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(CommandTimeout, args);

    /// <summary>Runs with a watchdog of <paramref name="timeout"/> instead of <see cref="CommandTimeout"/>: a fuzz case that hangs fails fast.</summary>
    public static async Task<CliRun> RunAsync(TimeSpan timeout, params string[] args)
    {
        await OneAtATime.WaitAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (ShardML.Cli.Commands.ShardCommand.StandardOutput, ShardML.Cli.Commands.ShardCommand.StandardError);
        using var watchdog = new CancellationTokenSource(timeout);
        try
        {
            ShardML.Cli.Commands.ShardCommand.StandardOutput = stdout;
            ShardML.Cli.Commands.ShardCommand.StandardError = stderr;
            // On the thread pool, as in the real process: the test framework's synchronization context has a thread per
            // core, and Orleans code that blocks on one of them can wait for a continuation queued behind itself.
            var running = Task.Run(() => ShardML.Cli.ShardCommandLine.RunAsync(args, watchdog.Token));
            try
            {
                var exit = await running.WaitAsync(timeout + CancelGrace);
                if (!watchdog.IsCancellationRequested)
                {
                    return new CliRun(exit, stdout.ToString(), stderr.ToString());
                }
            }
            catch (TimeoutException)
            {
            }

            throw new TimeoutException(
                $"shardml {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s " +
                $"({(running.IsCompleted ? "it stopped when cancelled" : "and ignored cancellation")}).\nstdout:\n{stdout}\nstderr:\n{stderr}");
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
