using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml train sgd</c>: a linear model by distributed mini-batch SGD; a hinge-loss classifier unless told otherwise.</summary>
internal sealed class TrainSgdCommand(CommonOptions common)
    : TrainLinearCommandBase("sgd", "Fit a linear model by distributed stochastic gradient descent (default: hinge loss, a linear SVM).", common)
{
    protected override string Algorithm => "sgd";

    protected override LossKind DefaultLoss => LossKind.Hinge;

    protected override LinearSolver DefaultSolver => LinearSolver.Sgd;
}
