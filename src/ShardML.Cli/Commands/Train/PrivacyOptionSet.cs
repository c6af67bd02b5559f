using System.CommandLine;
using System.Globalization;
using ShardML.Algorithms.Privacy;
using ShardML.Cli.Help;

namespace ShardML.Cli.Commands.Train;

/// <summary>The differential-privacy options of the train commands, parsed into <see cref="DifferentialPrivacyOptions"/>.</summary>
internal sealed class PrivacyOptionSet
{
    private readonly Option<double?> _epsilon = Private<double?>("--dp-epsilon", "Train differentially private for each training row at this ε (the noise is calibrated to it)");
    private readonly Option<double?> _delta = Private<double?>("--dp-delta", "δ of the privacy guarantee (default 1e-5; keep it well below 1/rows)");
    private readonly Option<double?> _clipNorm = Private<double?>("--clip-norm", "DP-SGD: each row's gradient is clipped to this norm (default 1)");
    private readonly Option<double?> _noiseMultiplier = Private<double?>("--noise-multiplier", "DP-SGD: the noise multiplier σ instead of calibrating it (refused if it spends more than --dp-epsilon)");
    private readonly Option<string?> _accountant = Private<string?>("--dp-accountant", "DP-SGD: rdp (default) or prv, how the privacy spent is proved");
    private readonly Option<string?> _noise = Private<string?>("--dp-noise", "DP-SGD: where the noise is added: driver (default), or distributed (each partition adds its share before secure aggregation masks its sums, so no node holds a noise-free total; needs --secure-aggregation)");
    private readonly Option<ulong?> _testSeed = Private<ulong?>("--dp-test-seed", "TESTS ONLY: seeded noise, which anyone knowing the seed can remove; the model says so");
    private readonly Option<FileInfo?> _featureBounds = Private<FileInfo?>("--feature-bounds", "Public bounds per feature (CSV feature,lower,upper): rows are clamped or standardized with them, never with the data's own range");
    private readonly Option<string?> _labelBounds = Private<string?>("--label-bounds", "DP least squares: public bounds LO,HI of the label; with them linreg solves the noisy normal equations (AdaSSP)");
    private readonly List<Option> _added = [];

    public Option<double?> Epsilon => _epsilon;

    /// <summary>Adds the options: all of them for gradient solvers, the bounds and ε for the others.</summary>
    public void AddTo(Command command, bool gradient, bool labelBounds)
    {
        Option[] options = gradient ? [_epsilon, _delta, _clipNorm, _noiseMultiplier, _accountant, _noise, _testSeed, _featureBounds] : [_epsilon, _testSeed, _featureBounds];
        foreach (var option in labelBounds ? [.. options, _labelBounds] : options)
        {
            command.Options.Add(option);
            _added.Add(option);
        }
    }

    /// <summary>The privacy options, or null when --dp-epsilon is not given (then no other privacy option may be).</summary>
    public DifferentialPrivacyOptions? Parse(ParseResult parse)
    {
        if (parse.GetValue(_epsilon) is not { } epsilon)
        {
            return _added.FirstOrDefault(o => o != _epsilon && parse.GetResult(o) is { Implicit: false }) is { } stray
                ? throw new UsageException($"{stray.Name} applies to differentially private training: add --dp-epsilon")
                : null;
        }

        var defaults = new DifferentialPrivacyOptions();
        return defaults with
        {
            Epsilon = epsilon,
            Delta = parse.GetValue(_delta) ?? defaults.Delta,
            ClipNorm = parse.GetValue(_clipNorm) ?? defaults.ClipNorm,
            NoiseMultiplier = parse.GetValue(_noiseMultiplier),
            Accountant = parse.GetValue(_accountant) is { } accountant
                ? Choice.Parse(accountant, "--dp-accountant", ("rdp", AccountantKind.Rdp), ("prv", AccountantKind.Prv))
                : defaults.Accountant,
            Noise = parse.GetValue(_noise) is { } noise
                ? Choice.Parse(noise, "--dp-noise", ("driver", NoisePlacement.Driver), ("distributed", NoisePlacement.Distributed))
                : defaults.Noise,
            TestSeed = parse.GetValue(_testSeed),
            Bounds = parse.GetValue(_featureBounds) is { } bounds ? FeatureBounds.Read(bounds.FullName) : null,
            LabelBounds = parse.GetValue(_labelBounds) is { } label ? ParseBounds(label) : null,
        };
    }

    private static double[] ParseBounds(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lower)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var upper)
            ? [lower, upper]
            : throw new UsageException($"--label-bounds must be LO,HI, two numbers, not '{(text.Length > 40 ? text[..40] + "…" : text)}'");
    }

    private static Option<T> Private<T>(string name, string description) => new Option<T>(name) { Description = description }.InGroup(OptionGroup.Privacy);
}
