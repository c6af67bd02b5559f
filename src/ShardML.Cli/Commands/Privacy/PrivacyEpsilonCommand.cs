using System.CommandLine;
using System.Globalization;
using ShardML.Algorithms.Privacy;
using ShardML.Cli.Help;
using ShardML.Cli.Output;

namespace ShardML.Cli.Commands.Privacy;

/// <summary><c>shardml privacy epsilon</c>: the ε that T steps of DP-SGD with noise multiplier σ and sample rate q spend at δ.</summary>
internal sealed class PrivacyEpsilonCommand : ShardCommand
{
    private readonly PrivacyOptions _options;

    private readonly Option<double> _noiseMultiplier = new Option<double>("--noise-multiplier", "-s")
    {
        Description = "σ > 0: the noise's standard deviation over the clipping norm",
        Required = true,
    }.InGroup(OptionGroup.Algorithm);

    public PrivacyEpsilonCommand(PrivacyOptions options)
        : base("epsilon", "The ε spent by T steps of the subsampled Gaussian mechanism (DP-SGD) with noise multiplier σ and sample rate q, at δ.", options.Json)
    {
        _options = options;
        Options.Add(_noiseMultiplier);
        options.AddTo(this);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var sigma = PrivacyOptions.Positive(parse.GetValue(_noiseMultiplier), "--noise-multiplier");

        var (sampleRate, steps, delta) = _options.Read(parse);
        var kind = _options.Kind(parse);
        var spent = PrivacyAccountants.Create(kind, PrivacyHistory.Empty.Then(sigma, sampleRate, steps)).GetEpsilon(delta);
        var order = PrivacyOptions.OrderText(spent.Order);
        reporter.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"ε = [green]{spent.Epsilon:G6}[/] at δ = {delta:g} ({PrivacyOptions.Name(kind)}{order}) for {steps:N0} steps of σ = {sigma:G} at q = {sampleRate:G}"));
        if (reporter.Json)
        {
            reporter.Document(new { command = "privacy epsilon", accountant = kind, spent.Epsilon, spent.Delta, noiseMultiplier = sigma, sampleRate, steps, spent.Order });
        }

        return Task.FromResult(ExitCodes.Success);
    }
}
