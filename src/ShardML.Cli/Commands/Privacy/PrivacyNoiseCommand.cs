using System.CommandLine;
using System.Globalization;
using ShardML.Algorithms.Privacy;
using ShardML.Cli.Help;
using ShardML.Cli.Output;

namespace ShardML.Cli.Commands.Privacy;

/// <summary><c>shardml privacy noise</c>: the smallest noise multiplier σ whose T steps at sample rate q spend at most (ε, δ).</summary>
internal sealed class PrivacyNoiseCommand : ShardCommand
{
    private readonly PrivacyOptions _options;

    private readonly Option<double> _epsilon = new Option<double>("--epsilon", "-e") { Description = "The target ε > 0", Required = true }.InGroup(OptionGroup.Algorithm);

    public PrivacyNoiseCommand(PrivacyOptions options)
        : base("noise", "The smallest noise multiplier σ whose T steps at sample rate q spend at most the target (ε, δ).", options.Json)
    {
        _options = options;
        Options.Add(_epsilon);
        options.AddTo(this);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var epsilon = PrivacyOptions.Positive(parse.GetValue(_epsilon), "--epsilon");

        var (sampleRate, steps, delta) = _options.Read(parse);
        var kind = _options.Kind(parse);
        var result = NoiseCalibration.Calibrate(new PrivacyBudget(epsilon, delta), sampleRate, steps, kind);
        var spent = result.Spent;
        var order = PrivacyOptions.OrderText(spent.Order);
        reporter.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"σ = [green]{result.NoiseMultiplier:G6}[/] spends ε = {spent.Epsilon:G6} ≤ {epsilon:g} at δ = {delta:g} ({PrivacyOptions.Name(kind)}{order}) over {steps:N0} steps at q = {sampleRate:G} (σ = {result.LowerNoiseMultiplier:G6} would spend more)"));
        if (reporter.Json)
        {
            reporter.Document(new
            {
                command = "privacy noise",
                accountant = kind,
                result.NoiseMultiplier,
                spent.Epsilon,
                targetEpsilon = epsilon,
                spent.Delta,
                sampleRate,
                steps,
                spent.Order,
                result.LowerNoiseMultiplier,
            });
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
