namespace ShardML.Cli.Commands;

/// <summary>An option whose value is one of a few names: matched without regard to case, and echoed as typed when it is none of them.</summary>
internal static class Choice
{
    /// <summary>The value named <paramref name="value"/>; a usage error naming <paramref name="option"/> and the choices otherwise.</summary>
    public static T Parse<T>(string value, string option, params (string Name, T Value)[] choices)
    {
        foreach (var (name, result) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }
        }

        throw new UsageException($"{option} must be {List(choices.Select(c => c.Name))}, not '{value}'");
    }

    /// <summary>"a, b or c".</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToArray();
        return all.Length <= 1 ? string.Concat(all) : $"{string.Join(", ", all[..^1])} or {all[^1]}";
    }
}
