using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train sgd</c>: a linear model by distributed mini-batch SGD; a hinge-loss classifier unless told otherwise.</summary>
internal sealed class TrainSgdCommand(CommonOptions common)
    : TrainLinearCommandBase("sgd", "Fit a linear model by distributed stochastic gradient descent (default: hinge loss, a linear SVM).", common)
{
    protected override IReadOnlyList<LossKind> Losses => [LossKind.Hinge, LossKind.Logistic, LossKind.Squared];

    protected override IReadOnlyList<LinearSolver> Solvers => [LinearSolver.Sgd, LinearSolver.LocalSgd];

    protected override LinearSolver DefaultSolver => LinearSolver.Sgd;

    protected override string DefaultSolverText => "sgd";
}
