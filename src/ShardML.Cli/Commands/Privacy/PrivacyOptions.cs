using System.CommandLine;
using ShardML.Algorithms.Privacy;
using ShardML.Cli.Help;

namespace ShardML.Cli.Commands.Privacy;

/// <summary>The options both <c>privacy</c> subcommands take, defined once, and their checks in the flags' own words.</summary>
internal sealed class PrivacyOptions
{
    public Option<double> SampleRate { get; } = new Option<double>("--sample-rate", "-q")
    {
        Description = "Poisson sampling rate q in (0, 1]: each record joins a step's batch with this probability (batch size / rows)",
        Required = true,
    }.InGroup(OptionGroup.Algorithm);

    public Option<long> Steps { get; } = new Option<long>("--steps", "-T") { Description = "Number of steps (epochs / q for full passes)", Required = true }.InGroup(OptionGroup.Algorithm);

    public Option<double> Delta { get; } = new Option<double>("--delta") { Description = "δ in (0, 1), typically below 1 / rows", Required = true }.InGroup(OptionGroup.Algorithm);

    public Option<string> Accountant { get; } = new Option<string>("--accountant")
    {
        Description = "rdp (Rényi DP, the default) or prv (numerical composition: tighter, slower)",
        DefaultValueFactory = _ => "rdp",
    }.AcceptOnlyFromAmong("rdp", "prv").InGroup(OptionGroup.Algorithm);

    public Option<bool> Json { get; } = new Option<bool>("--json") { Description = "Print one JSON document on stdout; human output goes to stderr" }.InGroup(OptionGroup.Output);

    public void AddTo(Command command)
    {
        command.Options.Add(SampleRate);
        command.Options.Add(Steps);
        command.Options.Add(Delta);
        command.Options.Add(Accountant);
        command.Options.Add(Json);
    }

    public AccountantKind Kind(ParseResult parse) => parse.GetValue(Accountant) == "prv" ? AccountantKind.Prv : AccountantKind.Rdp;

    /// <summary>q, T and δ, checked before any accounting.</summary>
    public (double SampleRate, long Steps, double Delta) Read(ParseResult parse)
    {
        var sampleRate = parse.GetValue(SampleRate);
        if (!(sampleRate > 0 && sampleRate <= 1))
        {
            throw new UsageException($"--sample-rate must be in (0, 1], not {Text(sampleRate)}");
        }

        var steps = parse.GetValue(Steps);
        if (steps < 1)
        {
            throw new UsageException($"--steps must be at least 1, not {steps}");
        }

        var delta = parse.GetValue(Delta);
        if (!(delta > 0 && delta < 1))
        {
            throw new UsageException($"--delta must be in (0, 1), not {Text(delta)}");
        }

        return (sampleRate, steps, delta);
    }

    /// <summary>A value as given (shortest round trip), in the invariant culture.</summary>
    public static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><paramref name="value"/> when it is a finite number above 0, else a usage error naming <paramref name="flag"/>.</summary>
    public static double Positive(double value, string flag) =>
        value > 0 && !double.IsPositiveInfinity(value) ? value : throw new UsageException($"{flag} must be a finite number > 0, not {Text(value)}");

    /// <summary>", at order α = …" for an RDP result, empty for an accountant without orders.</summary>
    public static string OrderText(double? order) =>
        order is { } alpha ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", at order α = {alpha:G}") : string.Empty;

    /// <summary>The accountant as the human text names it.</summary>
    public static string Name(AccountantKind kind) => kind == AccountantKind.Prv ? "PRV" : "RDP";
}
