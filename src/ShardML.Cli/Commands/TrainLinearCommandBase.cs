using System.CommandLine;
using ShardML.Algorithms.Jobs;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands;

/// <summary>
/// What <c>train sgd</c>, <c>train logreg</c> and <c>train svm</c> share: the linear-model options, parsed once into
/// <see cref="LinearModelOptions"/>. The commands differ only in their default loss and solver.
/// </summary>
internal abstract class TrainLinearCommandBase : TrainCommandBase
{
    private readonly Option<string?> _loss = new("--loss") { Description = "squared (regression), logistic or hinge (classification)" };

    private readonly Option<string?> _solver = new("--solver") { Description = "sgd, local-sgd, lbfgs or cocoa" };

    private readonly Option<int?> _batchSize = new("--batch-size") { Description = "SGD: rows per mini-batch step over all partitions (default 256)" };

    private readonly Option<int?> _localSteps = new("--local-steps") { Description = "local-sgd: SGD steps per partition between averagings (default 8); cocoa: local passes per round (default 1)" };

    private readonly Option<string?> _rowOrder = new("--row-order") { Description = "local-sgd: uniform (each step samples its rows, the default) or shuffled-blocks (each partition walks its rows in blocks of 64, shuffled each epoch: every row once an epoch, memory read in sequence)" };

    private readonly Option<double?> _learningRate = new("--learning-rate") { Description = "SGD: initial step size η₀ (default 0.1)" };

    private readonly Option<string?> _schedule = new("--schedule") { Description = "SGD step sizes: constant, invscaling (η₀/√(t+1)) or pegasos (η₀/(1+η₀λt), default)" };

    private readonly Option<double?> _l2 = new("--l2") { Description = "L2 penalty λ₂ (default 1e-4)" };

    private readonly Option<double?> _l1 = new("--l1") { Description = "L1 penalty λ₁ (default 0); with --l2 too: the elastic net" };

    private readonly Option<int?> _epochs = new("--epochs") { Description = "SGD: passes over the data (default 20)" };

    private readonly Option<bool> _averaged = new("--averaged") { Description = "SGD: return the average of the iterates from the second epoch on" };

    private readonly Option<bool> _standardize = new("--standardize") { Description = "Work in standardized features (every solver; sparse data is scaled, not centered); the model stays on raw features" };

    private readonly Option<string?> _positiveClass = new("--positive-class") { Description = "The positive class of a binary problem (default: the second class in order); implies --binary" };

    private readonly Option<bool> _binary = new("--binary") { Description = "Demand exactly two classes: a third is an error naming its first row" };

    protected TrainLinearCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common)
    {
        Options.Add(_loss);
        Options.Add(_solver);
        Options.Add(_batchSize);
        Options.Add(_localSteps);
        Options.Add(_rowOrder);
        Options.Add(_learningRate);
        Options.Add(_schedule);
        Options.Add(_l2);
        Options.Add(_l1);
        Options.Add(_epochs);
        Options.Add(_averaged);
        Options.Add(_standardize);
        Options.Add(_positiveClass);
        Options.Add(_binary);
        Options.Add(MaxIterations);
        Options.Add(Tolerance);
    }

    protected abstract LossKind DefaultLoss { get; }

    protected abstract LinearSolver DefaultSolver { get; }

    protected override DatasetOptions DataOptions(ParseResult parse) => new()
    {
        Path = parse.GetRequiredValue(Common.Data).FullName,
        Format = CommonOptions.ParseFormat(parse.GetValue(Common.Format)),
        Label = parse.GetValue(Common.Label),
        CategoricalLabel = ParseLoss(parse) != LossKind.Squared,
    };

    protected override int IterationBudget(ParseResult parse) => LinearModelTrainer.IterationBudget(ModelOptions(parse));

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var options = ModelOptions(parse);
        return options.Validate() is { } problem ? throw new UsageException(problem) : new LinearModelJob(options);
    }

    private LinearModelOptions ModelOptions(ParseResult parse)
    {
        var defaults = new LinearModelOptions();
        var solver = parse.GetValue(_solver) is { } s ? ParseSolver(s) : DefaultSolver;
        var localSteps = parse.GetValue(_localSteps);
        return defaults with
        {
            Loss = ParseLoss(parse),
            Solver = solver,
            BatchSize = parse.GetValue(_batchSize) ?? defaults.BatchSize,
            LocalSteps = solver == LinearSolver.LocalSgd ? localSteps ?? defaults.LocalSteps : defaults.LocalSteps,
            LocalEpochs = solver == LinearSolver.Cocoa ? localSteps ?? defaults.LocalEpochs : defaults.LocalEpochs,
            LearningRate = parse.GetValue(_learningRate) ?? defaults.LearningRate,
            Schedule = parse.GetValue(_schedule) is { } schedule ? ParseSchedule(schedule) : defaults.Schedule,
            L2 = parse.GetValue(_l2) ?? defaults.L2,
            L1 = parse.GetValue(_l1) ?? defaults.L1,
            Epochs = parse.GetValue(_epochs) ?? defaults.Epochs,
            MaximumIterations = parse.GetValue(MaxIterations) ?? defaults.MaximumIterations,
            Tolerance = parse.GetValue(Tolerance),
            Averaged = parse.GetValue(_averaged),
            Standardize = parse.GetValue(_standardize),
            Seed = parse.GetValue(Common.Seed),
            Binary = parse.GetValue(_binary),
            PositiveClass = parse.GetValue(_positiveClass),
            RowOrder = RowOrderOption.Parse(parse.GetValue(_rowOrder), "--row-order"),
        };
    }


    private LossKind ParseLoss(ParseResult parse) => parse.GetValue(_loss)?.ToUpperInvariant() switch
    {
        null => DefaultLoss,
        "SQUARED" => LossKind.Squared,
        "LOGISTIC" or "LOG" => LossKind.Logistic,
        "HINGE" => LossKind.Hinge,
        var other => throw new UsageException($"--loss must be squared, logistic or hinge, not '{other?.ToLowerInvariant()}'"),
    };

    private static LinearSolver ParseSolver(string value) => value.ToUpperInvariant() switch
    {
        "SGD" => LinearSolver.Sgd,
        "LOCAL-SGD" => LinearSolver.LocalSgd,
        "LBFGS" or "L-BFGS" => LinearSolver.Lbfgs,
        "COCOA" => LinearSolver.Cocoa,
        _ => throw new UsageException($"--solver must be sgd, local-sgd, lbfgs or cocoa, not '{value}'"),
    };

    private static LearningRateSchedule ParseSchedule(string value) => value.ToUpperInvariant() switch
    {
        "CONSTANT" => LearningRateSchedule.Constant,
        "INVSCALING" => LearningRateSchedule.InverseScaling,
        "PEGASOS" => LearningRateSchedule.Pegasos,
        _ => throw new UsageException($"--schedule must be constant, invscaling or pegasos, not '{value}'"),
    };
}
