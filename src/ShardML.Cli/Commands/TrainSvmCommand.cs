using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands;

/// <summary><c>shardml train svm</c>: a linear SVM by CoCoA+ to a duality gap unless told otherwise.</summary>
internal sealed class TrainSvmCommand(CommonOptions common)
    : TrainLinearCommandBase("svm", "Fit a linear support vector machine (default solver: CoCoA+ with local dual coordinate ascent, to a duality gap).", common)
{
    protected override string Algorithm => "svm";

    protected override LossKind DefaultLoss => LossKind.Hinge;

    protected override LinearSolver DefaultSolver => LinearSolver.Cocoa;
}
