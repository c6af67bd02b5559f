namespace ShardML.Algorithms.Privacy;

/// <summary>The argument checks the accountants share, in the library's words (option names, not CLI flags).</summary>
internal static class PrivacyChecks
{
    public static void Delta(double delta)
    {
        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentException($"delta must be in (0, 1), not {delta:R}");
        }
    }
}
