using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train svm</c>: a linear SVM by CoCoA+ to a duality gap unless told otherwise.</summary>
internal sealed class TrainSvmCommand(CommonOptions common)
    : TrainLinearCommandBase("svm", "Fit a linear support vector machine (default solver: CoCoA+ with local dual coordinate ascent, to a duality gap).", common)
{
    protected override IReadOnlyList<LossKind> Losses => [LossKind.Hinge];

    protected override IReadOnlyList<LinearSolver> Solvers => [LinearSolver.Cocoa, LinearSolver.Sgd, LinearSolver.LocalSgd];

    protected override LinearSolver DefaultSolver => LinearSolver.Auto;

    protected override IReadOnlyList<LinearSolver> AutoChoices => [LinearSolver.Cocoa, LinearSolver.Sgd];

    protected override string DefaultSolverText => "cocoa; sgd with --l1";
}
