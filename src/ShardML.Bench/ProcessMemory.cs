namespace ShardML.Bench;

/// <summary>
/// The process's resident memory from <c>/proc/self/status</c> (Linux): the current size and the peak, which
/// writing 5 to <c>/proc/self/clear_refs</c> resets, so the peak of one phase (loading a dataset) can be read alone.
/// Elsewhere the figures are null and the report says so.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resets the peak resident size to the current one; false where the system cannot.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Resident bytes now (VmRSS).</summary>
    public static long? Resident() => Read("VmRSS:");

    /// <summary>Peak resident bytes since start or the last <see cref="ResetPeak"/> (VmHWM).</summary>
    public static long? Peak() => Read("VmHWM:");

    /// <summary>The 1-minute load average, to say how busy the machine was.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long? Read(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return kilobytes * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }
}
