using ShardML.Algorithms.Svm;

namespace ShardML.Algorithms.LinearModels;

/// <summary>Linear models (least squares, logistic regression, linear SVMs) and their six solvers in the catalog.</summary>
public static class LinearModelDescriptor
{
    public static AlgorithmDescriptor Descriptor { get; } = new(
        "linear models",
        typeof(LinearModelOptions),
        [new ModelKind(typeof(LinearRegressionModel), "linear-regression"), new ModelKind(typeof(LinearClassifierModel), "linear-classifier")],
        [
            typeof(LinearModelJob),
            typeof(LossGradientStep), typeof(MiniBatchGradientStep), typeof(LossGradient),
            typeof(LocalSgdStep), typeof(LocalModelSum),
            typeof(NormalEquationsStep), typeof(NormalEquations),
            typeof(LinearModelPredictStep), typeof(RegressionEvaluationStep), typeof(RegressionEvaluationSummary),
            typeof(CocoaStep), typeof(CocoaSummary), typeof(CocoaDualsStep), typeof(CocoaDualSet), typeof(CocoaRestoreStep),
        ],
        ["linreg", "logreg", "svm", "sgd"]);
}
