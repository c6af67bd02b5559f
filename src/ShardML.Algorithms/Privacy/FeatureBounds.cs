using System.Globalization;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Public per-feature bounds, given by the user (never read from the data, which would spend privacy): the range each
/// feature is expected in, by name. A file of them is CSV with a header <c>feature,lower,upper</c>.
/// </summary>
/// <param name="Features">The features, by name.</param>
/// <param name="Lower">Each one's lower bound.</param>
/// <param name="Upper">Each one's upper bound, above the lower.</param>
[MemoryPack.MemoryPackable]
public sealed partial record FeatureBounds(string[] Features, double[] Lower, double[] Upper)
{
    public string? Problem()
    {
        if (Features is null || Lower is null || Upper is null || Features.Length != Lower.Length || Features.Length != Upper.Length)
        {
            return "the feature bounds need one lower and one upper bound per feature";
        }

        for (var j = 0; j < Features.Length; j++)
        {
            if (!double.IsFinite(Lower[j]) || !double.IsFinite(Upper[j]) || !(Upper[j] > Lower[j]))
            {
                return $"the bounds of feature '{Features[j]}' must be finite with the upper above the lower";
            }
        }

        return Features.Distinct(StringComparer.Ordinal).Count() == Features.Length ? null : "a feature is bounded twice";
    }

    /// <summary>The bounds of <paramref name="featureNames"/>, in their order; every feature must have bounds.</summary>
    public (double[] Lower, double[] Upper) For(IReadOnlyList<string> featureNames)
    {
        var index = Features.Select((name, j) => (name, j)).ToDictionary(p => p.name, p => p.j, StringComparer.Ordinal);
        var lower = new double[featureNames.Count];
        var upper = new double[featureNames.Count];
        for (var j = 0; j < featureNames.Count; j++)
        {
            if (!index.TryGetValue(featureNames[j], out var at))
            {
                throw new ArgumentException($"the feature bounds (`Bounds`) have none for feature '{featureNames[j]}'");
            }

            lower[j] = Lower[at];
            upper[j] = Upper[at];
        }

        return (lower, upper);
    }

    /// <summary>Reads a CSV of <c>feature,lower,upper</c> rows after a header; a bad value names its line.</summary>
    public static FeatureBounds Read(string path)
    {
        var names = new List<string>();
        var lower = new List<double>();
        var upper = new List<double>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Trim().Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw new Core.Data.DataFormatException(path, lineNumber, 0, $"{fields.Length} fields; a bound is feature,lower,upper");
            }

            names.Add(fields[0].Trim().Trim('"'));
            lower.Add(Number(fields[1], path, lineNumber, 2));
            upper.Add(Number(fields[2], path, lineNumber, 3));
        }

        var bounds = new FeatureBounds([.. names], [.. lower], [.. upper]);
        return bounds.Problem() is { } problem ? throw new Core.Data.DataFormatException(path, 0, 0, problem) : bounds;
    }

    private static double Number(string field, string path, int line, int column) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new Core.Data.DataFormatException(path, line, column, $"'{(field.Length > 40 ? field[..40] + "…" : field)}' is not a finite number");
}
