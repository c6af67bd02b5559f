using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train logreg</c>: logistic regression — binary, multinomial (softmax, the default above two classes) or one-vs-rest — by L-BFGS (OWL-QN with --l1) unless told otherwise.</summary>
internal sealed class TrainLogisticRegressionCommand(CommonOptions common)
    : TrainLinearCommandBase("logreg", "Fit a logistic regression classifier (default solver: L-BFGS; OWL-QN with --l1).", common)
{
    protected override IReadOnlyList<LossKind> Losses => [LossKind.Logistic];

    protected override IReadOnlyList<LinearSolver> Solvers => [LinearSolver.Lbfgs, LinearSolver.GradientDescent, LinearSolver.Sgd, LinearSolver.LocalSgd];

    protected override LinearSolver DefaultSolver => LinearSolver.Auto;

    protected override IReadOnlyList<LinearSolver> AutoChoices => [LinearSolver.Lbfgs];

    protected override string DefaultSolverText => "lbfgs";
}
