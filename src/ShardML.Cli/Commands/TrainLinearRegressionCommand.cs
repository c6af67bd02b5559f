using System.CommandLine;
using ShardML.Algorithms.Jobs;
using ShardML.Algorithms.LinearRegression;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml train linreg</c>: linear regression by distributed gradient descent or the normal equations.</summary>
internal sealed class TrainLinearRegressionCommand : TrainCommandBase
{
    private readonly Option<string> _solver = new("--solver") { Description = "gd (gradient descent, default) or normal (exact normal equations)", DefaultValueFactory = _ => "gd" };

    private readonly Option<double?> _learningRate = new("--learning-rate") { Description = "Gradient-descent step size (default 0.1; halved automatically if the loss rises)" };

    private readonly Option<double> _l2 = new("--l2") { Description = "L2 penalty λ", DefaultValueFactory = _ => 0.0 };

    private readonly Option<bool> _standardize = new("--standardize") { Description = "Standardize features (a distributed first pass); the model stays on raw features" };

    public TrainLinearRegressionCommand(CommonOptions common)
        : base("linreg", "Fit a linear regression of the label on the features.", common)
    {
        Options.Add(_solver);
        Options.Add(_learningRate);
        Options.Add(_l2);
        Options.Add(_standardize);
        var defaults = new LinearRegressionOptions();
        MaxIterations.Description = $"gd: maximum number of iterations (default {defaults.MaximumIterations})";
        Tolerance.Description = $"gd: stop when the gradient's norm is below this (default {defaults.Tolerance:G})";
        Options.Add(MaxIterations);
        Options.Add(Tolerance);
    }

    protected override string Algorithm => "linreg";

    protected override DatasetOptions DataOptions(ParseResult parse) => new()
    {
        Path = parse.GetRequiredValue(Common.Data).FullName,
        Format = CommonOptions.ParseFormat(parse.GetValue(Common.Format)),
        Label = parse.GetValue(Common.Label),
    };

    protected override int IterationBudget(ParseResult parse) => parse.GetValue(MaxIterations) ?? new LinearRegressionOptions().MaximumIterations;

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var defaults = new LinearRegressionOptions();
        var options = defaults with
        {
            Solver = parse.GetValue(_solver)?.ToUpperInvariant() switch
            {
                "GD" => LinearRegressionSolver.GradientDescent,
                "NORMAL" => LinearRegressionSolver.Normal,
                var other => throw new UsageException($"--solver must be gd or normal, not '{other}'"),
            },
            LearningRate = parse.GetValue(_learningRate) ?? defaults.LearningRate,
            L2 = parse.GetValue(_l2),
            Standardize = parse.GetValue(_standardize),
            MaximumIterations = parse.GetValue(MaxIterations) ?? defaults.MaximumIterations,
            Tolerance = parse.GetValue(Tolerance) ?? defaults.Tolerance,
        };
        if (schema.FeatureCount > 0 && options.Validate(schema.FeatureCount) is { } problem)
        {
            throw new UsageException(problem);
        }

        return new LinearRegressionJob(options);
    }
}
