using System.CommandLine;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Cli.Help;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train naive-bayes</c>: Gaussian naive Bayes, in two passes over the data.</summary>
internal sealed class TrainNaiveBayesCommand : TrainCommandBase
{
    private readonly Option<double?> _smoothing = new Option<double?>("--var-smoothing")
    {
        Description = $"Share of the largest feature variance added to every variance (default {new GaussianNaiveBayesOptions().VarianceSmoothing:G})",
    }.InGroup(OptionGroup.Algorithm);

    public TrainNaiveBayesCommand(CommonOptions common)
        : base("naive-bayes", "Fit a Gaussian naive Bayes classifier (per class: a prior, and a normal density per feature).", common)
    {
        Options.Add(_smoothing);
        Options.Add(common.Classes);
    }

    protected override DatasetOptions DataOptions(ParseResult parse) => Common.WithClasses(parse, GaussianNaiveBayesOptions.DataFor(Common.DataOptions(parse)));

    protected override int IterationBudget(ParseResult parse) => 1;

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var options = new GaussianNaiveBayesOptions { VarianceSmoothing = parse.GetValue(_smoothing) ?? new GaussianNaiveBayesOptions().VarianceSmoothing };
        return options.Validate() is { } problem ? throw new UsageException(Output.OptionNames.ToFlags(problem)) : new GaussianNaiveBayesJob(options);
    }
}
