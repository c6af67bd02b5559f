using System.Globalization;
using ShardML.Core.Numerics;

namespace ShardML.Cli.Commands.Evaluation;

/// <summary>
/// The candidates of <c>shardml tune</c>: every combination of the <c>--grid</c> lists, or with <c>--random N</c>, N
/// draws where each parameter is a list (one value drawn uniformly), a range LOW:HIGH (uniform), log:LOW:HIGH
/// (log-uniform, for penalties and rates) or int:LOW:HIGH (a uniform integer, both ends included). Draws are keyed by
/// (seed, candidate, parameter), so the same seed gives the same candidates.
/// </summary>
internal static class SearchSpace
{
    /// <summary>More candidates than this is refused: each carries its model through every pass.</summary>
    public const int MaximumCandidates = 1000;

    private const ulong Purpose = 0x7E_4E_00_00_00_00_00_15UL;

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Candidates(IReadOnlyList<string> specs, int random, ulong seed)
    {
        if (specs.Count == 0)
        {
            throw new UsageException("tune needs at least one --grid NAME=VALUES (e.g. --grid \"l2=1e-4,1e-3,1e-2\")");
        }

        var parameters = specs.Select(Parse).ToList();
        foreach (var duplicate in parameters.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new UsageException($"--grid names {duplicate.Key} twice: give each parameter once, with all its values");
        }

        if (random > 0)
        {
            return [.. Enumerable.Range(0, random).Select(i => (IReadOnlyDictionary<string, string>)parameters.Select((p, j) => (p.Name, Value: p.Draw(seed ^ Purpose, i, j)))
                .ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal))];
        }

        var ranges = parameters.FirstOrDefault(p => p.Values is null);
        if (ranges is not null)
        {
            throw new UsageException($"--grid {ranges.Name}={ranges.Text} is a range: ranges are sampled with --random N; a grid lists its values (e.g. --grid \"{ranges.Name}=1e-4,1e-3\")");
        }

        var count = parameters.Aggregate(1L, (n, p) => n * p.Values!.Count);
        if (count > MaximumCandidates)
        {
            throw new UsageException($"the grid has {count:N0} candidates, more than {MaximumCandidates:N0}: use fewer values, or --random N");
        }

        IEnumerable<Dictionary<string, string>> combinations = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var p in parameters)
        {
            combinations = combinations.SelectMany(c => p.Values!.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [p.Name] = v }));
        }

        return [.. combinations];
    }

    private static Parameter Parse(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
        {
            throw new UsageException($"--grid {spec}: expected NAME=VALUES, e.g. l2=1e-4,1e-3,1e-2 or (with --random) l2=log:1e-5:1e-1");
        }

        var name = spec[..equals].Trim().TrimStart('-');
        var text = spec[(equals + 1)..].Trim();
        var parts = text.Split(':');
        if (parts.Length == 3 && parts[0] is "log" or "int" || parts.Length == 2)
        {
            var kind = parts.Length == 2 ? "uniform" : parts[0];
            var (low, high) = (Number(spec, parts[^2]), Number(spec, parts[^1]));
            if (!(low < high) || (kind == "log" && !(low > 0)))
            {
                throw new UsageException($"--grid {spec}: a range needs LOW < HIGH{(kind == "log" ? ", both above 0 for log" : string.Empty)}");
            }

            return new Parameter(name, text, null, kind, low, high);
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0 ? throw new UsageException($"--grid {spec}: no values") : new Parameter(name, text, values, null, 0, 0);
    }

    private static double Number(string spec, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"--grid {spec}: '{text}' is not a number");

    private sealed record Parameter(string Name, string Text, IReadOnlyList<string>? Values, string? Kind, double Low, double High)
    {
        public string Draw(ulong seed, int candidate, int parameter)
        {
            var u = CounterRandom.NextDouble(seed, (ulong)candidate, (ulong)parameter);
            return Kind switch
            {
                null => Values![(int)Math.Min(Values.Count - 1, Math.Floor(u * Values.Count))],
                "int" => Integer(u).ToString(CultureInfo.InvariantCulture),
                "log" => Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))).ToString("G4", CultureInfo.InvariantCulture),
                _ => (Low + (u * (High - Low))).ToString("G4", CultureInfo.InvariantCulture),
            };
        }

        /// <summary>A uniform integer in [⌈LOW⌉, ⌊HIGH⌋].</summary>
        private long Integer(double u)
        {
            var (low, high) = (Math.Ceiling(Low), Math.Floor(High));
            return (long)(low + Math.Min(high - low, Math.Floor(u * (high - low + 1))));
        }
    }
}
