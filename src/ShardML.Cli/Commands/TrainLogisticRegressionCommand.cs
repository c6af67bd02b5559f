using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml train logreg</c>: logistic regression, binary or one-vs-rest, by L-BFGS (OWL-QN with --l1) unless told otherwise.</summary>
internal sealed class TrainLogisticRegressionCommand(CommonOptions common)
    : TrainLinearCommandBase("logreg", "Fit a logistic regression classifier (default solver: L-BFGS; OWL-QN with --l1).", common)
{
    protected override string Algorithm => "logreg";

    protected override LossKind DefaultLoss => LossKind.Logistic;

    protected override LinearSolver DefaultSolver => LinearSolver.Lbfgs;
}
