using System.CommandLine;

namespace ShardML.Cli.Help;

/// <summary>
/// "Did you mean" for an option the command does not have: the spelling other tools use for the same thing
/// (scikit-learn's <c>--n-clusters</c> is our <c>--k</c>), or a near miss by edit distance.
/// </summary>
internal static class Suggestions
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--n-clusters"] = "--k",
        ["--n_clusters"] = "--k",
        ["--clusters"] = "--k",
        ["--num-clusters"] = "--k",
        ["--max-iterations"] = "--max-iter",
        ["--max_iter"] = "--max-iter",
        ["--iterations"] = "--max-iter",
        ["--tolerance"] = "--tol",
        ["--alpha"] = "--l2",
        ["--lambda"] = "--l2",
        ["--penalty"] = "--l2",
        ["--C"] = "--l2",
        ["--eta0"] = "--learning-rate",
        ["--lr"] = "--learning-rate",
        ["--output"] = "--out",
        ["--input"] = "--data",
        ["--target"] = "--label",
        ["--y"] = "--label",
        ["--random-state"] = "--seed",
        ["--random_state"] = "--seed",
        ["--impute"] = "--missing",
        ["--fillna"] = "--missing",
        ["--na"] = "--missing",
        ["--dropna"] = "--missing",
        ["--max-categories-per-column"] = "--max-categories",
        ["--n-features"] = "--hash-buckets",
        ["--id"] = "--keep",
        ["--passthrough"] = "--keep",
        ["--labels"] = "--classes",
    };

    /// <summary>The option of <paramref name="command"/> that <paramref name="token"/> probably meant, or null.</summary>
    public static string? For(string token, Command command)
    {
        if (!token.StartsWith('-'))
        {
            return null;
        }

        var names = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        if (Synonyms.TryGetValue(token, out var synonym) && names.Contains(synonym))
        {
            return synonym;
        }

        var best = names.Select(n => (Name: n, Distance: Distance(token.ToLowerInvariant(), n))).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(1, token.Length / 4) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
