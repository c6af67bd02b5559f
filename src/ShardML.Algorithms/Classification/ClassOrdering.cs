using System.Globalization;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// The order of a model's classes: by numeric value when every name parses as a number (so −1 &lt; 1 and 2 &lt; 10),
/// otherwise by ordinal string comparison. Names equal as numbers but spelled differently ("1", "1.0" in a CSV)
/// stay distinct classes and are ordered ordinally among themselves. The order is a pure function of the set of
/// names, never of the partitioning.
/// </summary>
public static class ClassOrdering
{
    public static string[] Order(IEnumerable<string> names)
    {
        var ordered = names.ToArray();
        var values = new double[ordered.Length];
        var numeric = true;
        for (var i = 0; i < ordered.Length && numeric; i++)
        {
            numeric = double.TryParse(ordered[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
        }

        if (!numeric)
        {
            Array.Sort(ordered, StringComparer.Ordinal);
            return ordered;
        }

        var keyed = ordered.Select((name, i) => (name, value: values[i])).ToArray();
        Array.Sort(keyed, (a, b) => a.value != b.value ? a.value.CompareTo(b.value) : string.CompareOrdinal(a.name, b.name));
        return keyed.Select(k => k.name).ToArray();
    }

    /// <summary>The index of <paramref name="name"/> in <paramref name="classes"/>: by text, else by numeric value ("+1" finds "1").</summary>
    public static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var c = 0; c < classes.Count; c++)
        {
            if (string.Equals(classes[c], name, StringComparison.Ordinal))
            {
                return c;
            }
        }

        if (double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            for (var c = 0; c < classes.Count; c++)
            {
                if (double.TryParse(classes[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var other) && other == value)
                {
                    return c;
                }
            }
        }

        return -1;
    }
}
