using System.CommandLine;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Cli.Help;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands.Train;

/// <summary>
/// What <c>train linreg</c>, <c>logreg</c>, <c>svm</c> and <c>sgd</c> share: one linear-model stack, parsed into
/// <see cref="LinearModelOptions"/>. Each command says which losses and solvers it accepts and its defaults, and only
/// offers the options that apply to them.
/// </summary>
internal abstract class TrainLinearCommandBase : TrainCommandBase
{
    private static readonly (string Name, LinearSolver Solver)[] SolverNames =
    [
        ("normal", LinearSolver.NormalEquations), ("gd", LinearSolver.GradientDescent), ("lbfgs", LinearSolver.Lbfgs),
        ("cocoa", LinearSolver.Cocoa), ("sgd", LinearSolver.Sgd), ("local-sgd", LinearSolver.LocalSgd),
    ];

    private static readonly (string Name, LossKind Loss)[] LossNames = [("squared", LossKind.Squared), ("logistic", LossKind.Logistic), ("hinge", LossKind.Hinge)];

    private readonly Option<string?> _loss = Algorithmic<string?>("--loss", "");
    private readonly Option<string?> _solver = Algorithmic<string?>("--solver", "");
    private readonly Option<double?> _l2 = Algorithmic<double?>("--l2", "");
    private readonly Option<double?> _l1 = Algorithmic<double?>("--l1", "L1 penalty λ₁ (default 0); with --l2 too: the elastic net");
    private readonly Option<bool> _standardize = Algorithmic<bool>("--standardize", "Work in standardized features (sparse data is scaled, not centered); the model stays on raw features");
    private readonly Option<double?> _learningRate = Algorithmic<double?>("--learning-rate", "");
    private readonly Option<int?> _batchSize = Algorithmic<int?>("--batch-size", "SGD: rows per mini-batch step over all partitions (default 256)");
    private readonly Option<int?> _localSteps = Algorithmic<int?>("--local-steps", "");
    private readonly Option<string?> _rowOrder = Algorithmic<string?>("--row-order", "local-sgd: uniform (each step samples its rows, the default) or shuffled-blocks (each partition walks its rows in blocks of 64, shuffled each epoch)");
    private readonly Option<string?> _schedule = Algorithmic<string?>("--schedule", "SGD step sizes: constant, invscaling (η₀/√(t+1)) or pegasos (η₀/(1+η₀λt), the default)");
    private readonly Option<int?> _epochs = Algorithmic<int?>("--epochs", "SGD: passes over the data (default 20)");
    private readonly Option<bool> _averaged = Algorithmic<bool>("--averaged", "SGD: return the average of the iterates from the second epoch on");
    private readonly Option<string?> _positiveClass = Algorithmic<string?>("--positive-class", "The positive class of a binary problem (default: the second class in order); implies --binary");
    private readonly Option<bool> _binary = Algorithmic<bool>("--binary", "Demand exactly two classes: a third is an error naming its first row");
    private readonly Option<string?> _multiclass = Algorithmic<string?>(
        "--multiclass", "More than two classes: softmax (one multinomial model, the default) or ovr (one-vs-rest); two classes are always the binary model");
    private readonly Option<string?> _preconditioner = Algorithmic<string?>(
        "--preconditioner", "lbfgs: diagonal (each feature scaled by its curvature at the start, the default; one more pass, usually several times fewer iterations) or none (the textbook L-BFGS, as scikit-learn runs it)");
    private readonly PrivacyOptionSet _privacy = new();

    protected TrainLinearCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common)
    {
        // A command of one loss keeps --loss hidden, to answer "--loss squared" on logreg with where that loss is.
        _loss.Description = $"{Choice.List(Losses.Select(NameOf))} (default {NameOf(Losses[0])})";
        _loss.Hidden = Losses.Count == 1;
        Options.Add(_loss);

        _solver.Description = $"{Choice.List(Solvers.Select(NameOf))} (default {DefaultSolverText})";
        Options.Add(_solver);
        _l2.Description = $"L2 penalty λ₂ (default {DefaultL2:G})";
        Options.Add(_l2);
        Options.Add(_l1);
        Options.Add(_standardize);
        var stochastic = Solvers.Any(s => s is LinearSolver.Sgd or LinearSolver.LocalSgd);
        if (stochastic || Solvers.Contains(LinearSolver.GradientDescent))
        {
            _learningRate.Description = stochastic ? "SGD and gd: the initial step size η₀ (default 0.1; gd halves it whenever the objective rises)" : "gd: the initial step size (default 0.1; halved whenever the objective rises)";
            Options.Add(_learningRate);
        }

        if (stochastic)
        {
            Options.Add(_batchSize);
            Options.Add(_schedule);
            Options.Add(_epochs);
            Options.Add(_averaged);
            Options.Add(_rowOrder);
        }

        if (stochastic || Solvers.Contains(LinearSolver.Cocoa))
        {
            _localSteps.Description = Solvers.Contains(LinearSolver.Cocoa) && !stochastic
                ? "cocoa: local passes over each partition per round (default 1)"
                : "local-sgd: SGD steps per partition between averagings (default 8); cocoa: local passes per round (default 1)";
            Options.Add(_localSteps);
        }

        if (Solvers.Contains(LinearSolver.Lbfgs))
        {
            Options.Add(_preconditioner);
        }

        if (Losses.Any(l => l != LossKind.Squared))
        {
            Options.Add(_positiveClass);
            Options.Add(_binary);
            if (Losses.Contains(LossKind.Logistic))
            {
                Options.Add(_multiclass);
            }

            Options.Add(common.Classes);
        }

        if (Solvers.Contains(LinearSolver.Sgd))
        {
            _privacy.AddTo(this, gradient: true, labelBounds: Losses.Contains(LossKind.Squared));
        }

        MaxIterations.Description = $"Iterations (lbfgs, gd) or rounds (cocoa) at most (default {LinearModelOptions.DefaultMaximumIterations(LinearSolver.Lbfgs)}; {LinearModelOptions.DefaultMaximumIterations(LinearSolver.GradientDescent)} for gd)";
        Options.Add(MaxIterations);
        Tolerance.Description = "Stop at: " + string.Join("; ", Solvers.Where(s => s != LinearSolver.NormalEquations).Select(ToleranceText));
        Options.Add(Tolerance);
    }

    /// <summary>The losses this command fits; the first is its default.</summary>
    protected abstract IReadOnlyList<LossKind> Losses { get; }

    /// <summary>The solvers this command offers.</summary>
    protected abstract IReadOnlyList<LinearSolver> Solvers { get; }

    /// <summary>The solver without --solver: <see cref="LinearSolver.Auto"/> or one of <see cref="Solvers"/>.</summary>
    protected abstract LinearSolver DefaultSolver { get; }

    /// <summary>What the default solver is, for the help.</summary>
    protected abstract string DefaultSolverText { get; }

    protected virtual double DefaultL2 => new LinearModelOptions().L2;

    /// <summary>The solvers <see cref="LinearSolver.Auto"/> may pick for this command (<see cref="LinearModelOptions.Resolve"/>).</summary>
    protected virtual IReadOnlyList<LinearSolver> AutoChoices => [DefaultSolver];

    protected override DatasetOptions DataOptions(ParseResult parse)
    {
        var options = ModelOptions(parse);
        var data = options.DataFor(Common.DataOptions(parse));
        if (options.IsClassification)
        {
            return Common.WithClasses(parse, data);
        }

        return parse.GetResult(Common.Classes) is { Implicit: false }
            ? throw new UsageException($"--classes applies to classification; --loss {NameOf(options.Loss)} fits a regression")
            : data;
    }

    protected override int IterationBudget(ParseResult parse) => LinearModelTrainer.IterationBudget(ModelOptions(parse));

    protected override ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema)
    {
        var options = ModelOptions(parse);
        return options.Validate() is { } problem ? throw new UsageException(Output.OptionNames.ToFlags(problem)) : new LinearModelJob(options);
    }

    /// <summary>An option that no solver the command will use reads is refused, rather than silently ignored.</summary>
    private void RefuseOptionsThatDoNotApply(ParseResult parse, IReadOnlyList<LinearSolver> solvers)
    {
        (Option Option, LinearSolver[] ReadBy)[] specific =
        [
            (_learningRate, [LinearSolver.Sgd, LinearSolver.LocalSgd, LinearSolver.GradientDescent]),
            (_batchSize, [LinearSolver.Sgd, LinearSolver.LocalSgd]),
            (_schedule, [LinearSolver.Sgd, LinearSolver.LocalSgd]),
            (_epochs, [LinearSolver.Sgd, LinearSolver.LocalSgd]),
            (_averaged, [LinearSolver.Sgd, LinearSolver.LocalSgd]),
            (_rowOrder, [LinearSolver.LocalSgd]),
            (_localSteps, [LinearSolver.LocalSgd, LinearSolver.Cocoa]),
            (_preconditioner, [LinearSolver.Lbfgs]),
        ];
        foreach (var (option, readBy) in specific)
        {
            if (parse.GetResult(option) is { Implicit: false } && !solvers.Any(readBy.Contains))
            {
                throw new UsageException(
                    $"{option.Name} applies to --solver {Choice.List(Solvers.Where(readBy.Contains).Select(NameOf))}; "
                    + (parse.GetResult(_solver) is null ? $"{Name} solves by default with {Choice.List(solvers.Select(NameOf))}" : $"--solver {NameOf(solvers[0])} does not read it"));
            }
        }
    }

    private LossKind ParseLoss(string value)
    {
        if (Losses.Count > 1 || !LossNames.Any(l => string.Equals(l.Name, value, StringComparison.OrdinalIgnoreCase)))
        {
            return Choice.Parse(value, "--loss", [.. LossNames.Where(l => Losses.Contains(l.Loss))]);
        }

        var loss = Choice.Parse(value, "--loss", LossNames);
        return loss == Losses[0]
            ? loss
            : throw new UsageException(
                $"train {Name} fits the {NameOf(Losses[0])} loss; for the {NameOf(loss)} loss use train {(loss == LossKind.Squared ? "linreg" : loss == LossKind.Logistic ? "logreg" : "svm")}, or train sgd --loss {NameOf(loss)}");
    }

    private static Option<T> Algorithmic<T>(string name, string description) => new Option<T>(name) { Description = description }.InGroup(OptionGroup.Algorithm);

    private static string NameOf(LossKind loss) => LossNames.First(l => l.Loss == loss).Name;

    private static string NameOf(LinearSolver solver) => SolverNames.First(s => s.Solver == solver).Name;

    private static string ToleranceText(LinearSolver solver) => solver switch
    {
        LinearSolver.Lbfgs => $"lbfgs: gradient norm relative to its start ≤ tol (default {LinearModelOptions.DefaultTolerance(solver):G})",
        LinearSolver.GradientDescent => $"gd: gradient norm ≤ tol (default {LinearModelOptions.DefaultTolerance(solver):G})",
        LinearSolver.Cocoa => $"cocoa: relative duality gap ≤ tol (default {LinearModelOptions.DefaultTolerance(solver):G})",
        _ => $"{NameOf(solver)}: relative change of an epoch's loss ≤ tol (default {LinearModelOptions.DefaultTolerance(solver):G}; 0 runs every epoch)",
    };

    private LinearModelOptions ModelOptions(ParseResult parse)
    {
        var defaults = new LinearModelOptions();
        var loss = parse.GetValue(_loss) is { } lossName ? ParseLoss(lossName) : Losses[0];
        var solver = parse.GetValue(_solver) is { } solverName ? Choice.Parse(solverName, "--solver", [.. SolverNames.Where(s => Solvers.Contains(s.Solver))]) : DefaultSolver;
        var localSteps = parse.GetValue(_localSteps);
        var privacy = _privacy.Parse(parse);
        if (privacy?.Noise == NoisePlacement.Distributed && (parse.GetValue(Jobs.SecureAggregation) is not { } secure || secure.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException("--dp-noise distributed adds each partition's share of the noise before secure aggregation masks its sums: add --secure-aggregation masking or paillier");
        }

        var multiclass = MulticlassStrategy.Softmax;
        if (parse.GetValue(_multiclass) is { } multiclassName)
        {
            multiclass = Choice.Parse(multiclassName, "--multiclass", ("softmax", MulticlassStrategy.Softmax), ("ovr", MulticlassStrategy.OneVsRest), ("one-vs-rest", MulticlassStrategy.OneVsRest));
            if (loss != LossKind.Logistic)
            {
                throw new UsageException($"--multiclass chooses how the logistic loss handles more than two classes; the {NameOf(loss)} loss is always one-vs-rest");
            }
        }

        var privateDefault = privacy?.LabelBounds is not null && privacy.Noise != NoisePlacement.Distributed && Losses[0] == LossKind.Squared ? LinearSolver.NormalEquations : LinearSolver.Sgd;
        RefuseOptionsThatDoNotApply(parse, solver == LinearSolver.Auto ? (privacy is null ? AutoChoices : [privateDefault]) : [solver]);
        return defaults with
        {
            Loss = loss,
            Solver = solver,
            BatchSize = parse.GetValue(_batchSize) ?? defaults.BatchSize,
            LocalSteps = solver == LinearSolver.LocalSgd ? localSteps ?? defaults.LocalSteps : defaults.LocalSteps,
            LocalEpochs = solver is LinearSolver.Cocoa or LinearSolver.Auto ? localSteps ?? defaults.LocalEpochs : defaults.LocalEpochs,
            LearningRate = parse.GetValue(_learningRate) ?? defaults.LearningRate,
            Schedule = parse.GetValue(_schedule) is { } schedule
                ? Choice.Parse(schedule, "--schedule", ("constant", LearningRateSchedule.Constant), ("invscaling", LearningRateSchedule.InverseScaling), ("pegasos", LearningRateSchedule.Pegasos))
                : defaults.Schedule,
            L2 = parse.GetValue(_l2) ?? DefaultL2,
            L1 = parse.GetValue(_l1) ?? defaults.L1,
            Epochs = parse.GetValue(_epochs) ?? defaults.Epochs,
            MaximumIterations = parse.GetValue(MaxIterations),
            Tolerance = parse.GetValue(Tolerance),
            Averaged = parse.GetValue(_averaged),
            Standardize = parse.GetValue(_standardize),
            Seed = parse.GetValue(Common.Seed),
            Binary = parse.GetValue(_binary),
            PositiveClass = parse.GetValue(_positiveClass),
            RowOrder = RowOrderOption.Parse(parse.GetValue(_rowOrder), "--row-order"),
            Multiclass = multiclass,
            Preconditioner = parse.GetValue(_preconditioner) is { } preconditioner
                ? Choice.Parse(preconditioner, "--preconditioner", ("diagonal", LbfgsPreconditioner.Diagonal), ("none", LbfgsPreconditioner.None))
                : defaults.Preconditioner,
            Privacy = privacy,
        };
    }
}
