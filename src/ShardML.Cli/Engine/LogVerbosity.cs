using Microsoft.Extensions.Logging;

namespace ShardML.Cli.Engine;

/// <summary>
/// How much a command logs to stderr. By default only warnings and Orleans' errors; <c>--verbose</c> adds ShardML's
/// own log lines (jobs, passes, partitions) and nothing of Orleans' below a warning — its start-up configuration dump
/// would bury them; <c>-vv</c> lets Orleans' details through too; <c>--log-level</c> sets one level for every source.
/// </summary>
/// <param name="Level">0 quiet, 1 <c>--verbose</c>, 2 <c>-vv</c>.</param>
/// <param name="Minimum">The level <c>--log-level</c> set for every category, Orleans' included; null when not set.</param>
internal sealed record LogVerbosity(int Level, LogLevel? Minimum = null)
{
    public static LogVerbosity Quiet { get; } = new(0);

    public void Configure(ILoggingBuilder builder)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o => o.SingleLine = true);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (Minimum is { } level)
        {
            builder.SetMinimumLevel(level);
            return;
        }

        builder.SetMinimumLevel(Level >= 1 ? LogLevel.Debug : LogLevel.Warning);
        builder.AddFilter("ShardML", Level >= 1 ? LogLevel.Debug : LogLevel.Warning);
        // Orleans logs what it retries or recovers from (a gateway list it cannot refresh, a silo that died) as errors with
        // traces; what a command cannot recover from it reports itself, in one line.
        builder.AddFilter("Orleans", Level switch { >= 2 => LogLevel.Information, 1 => LogLevel.Warning, _ => LogLevel.Critical });
        // Orleans places grains through Polly pipelines, which log three lines a placement at debug and information.
        builder.AddFilter("Polly", Level switch { >= 2 => LogLevel.Information, 1 => LogLevel.Warning, _ => LogLevel.Critical });
        builder.AddFilter("Microsoft", Level >= 2 ? LogLevel.Information : LogLevel.Warning);
        builder.AddFilter("Microsoft.Extensions.Hosting", Level >= 2 ? LogLevel.Information : LogLevel.None); // a failed start is reported once, as the command's error
        // Orleans logs a failed state write with its trace under the store's type; the job reports it in one line.
        builder.AddFilter("ShardML.Runtime.Storage.FileGrainStorage", Level >= 1 ? LogLevel.Debug : LogLevel.None);
    }
}
