using System.Globalization;
using ShardML.Runtime;
using ShardML.Runtime.Jobs;

namespace ShardML.Cli.Commands.Jobs;

/// <summary>
/// Parses <c>--chaos</c> values into changes of a job's settings: <c>kill-silo@iteration=N</c>,
/// <c>kill-driver@iteration=N</c>, <c>delay-partition=P:DURATION</c> (e.g. <c>3:2s</c>, <c>0:500ms</c>) and
/// <c>corrupt-checkpoint</c>.
/// </summary>
internal static class ChaosSpec
{
    public static JobSettingsOverride Apply(JobSettingsOverride changes, IEnumerable<string> specs)
    {
        foreach (var spec in specs)
        {
            changes = Apply(changes, spec.Trim());
        }

        return changes;
    }

    private static JobSettingsOverride Apply(JobSettingsOverride changes, string spec)
    {
        if (spec == "corrupt-checkpoint")
        {
            return changes with { CorruptCheckpointOnResume = true };
        }

        if (TryIteration(spec, "kill-silo@iteration=", out var silo))
        {
            return changes with { KillSiloAtIteration = silo };
        }

        if (TryIteration(spec, "kill-driver@iteration=", out var driver))
        {
            return changes with { KillDriverAtIteration = driver };
        }

        if (spec.StartsWith("delay-partition=", StringComparison.Ordinal))
        {
            var value = spec["delay-partition=".Length..];
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(value[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var partition) && TryDuration(value[(colon + 1)..], out var delay))
            {
                return changes with { Chaos = new ChaosOptions(partition, delay) };
            }
        }

        throw new UsageException($"--chaos '{spec}' is not one of kill-silo@iteration=N, kill-driver@iteration=N, delay-partition=P:DURATION, corrupt-checkpoint");
    }

    private static bool TryIteration(string spec, string prefix, out int iteration)
    {
        iteration = 0;
        return spec.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(spec[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out iteration)
            && iteration > 0;
    }

    /// <summary>A duration written <c>250ms</c>, <c>2s</c> or <c>1.5s</c>.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1e-3)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || value * unit > ClusterExecutorOptions.MaximumTimeout.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
