using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands.Train;

/// <summary><c>shardml train linreg</c>: least squares, exactly by the normal equations unless the features are too many or told otherwise.</summary>
internal sealed class TrainLinearRegressionCommand(CommonOptions common)
    : TrainLinearCommandBase("linreg", "Fit a linear regression of the label on the features (least squares; ridge with --l2, lasso or elastic net with --l1).", common)
{
    protected override IReadOnlyList<LossKind> Losses => [LossKind.Squared];

    protected override IReadOnlyList<LinearSolver> Solvers =>
        [LinearSolver.NormalEquations, LinearSolver.GradientDescent, LinearSolver.Lbfgs, LinearSolver.Sgd, LinearSolver.LocalSgd];

    protected override LinearSolver DefaultSolver => LinearSolver.Auto;

    protected override IReadOnlyList<LinearSolver> AutoChoices => [LinearSolver.NormalEquations, LinearSolver.Lbfgs];

    protected override string DefaultSolverText => $"normal up to {new LinearModelOptions().NormalSolverMaximumFeatures:N0} features without --l1, else lbfgs";

    protected override double DefaultL2 => 0;
}
