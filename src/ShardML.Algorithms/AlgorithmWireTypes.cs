using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Jobs;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.LinearRegression;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Svm;

namespace ShardML.Algorithms;

/// <summary>Every step, summary and job of the algorithms, for the runtime's wire registry. A new one is added here.</summary>
public static class AlgorithmWireTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(FetchRowsStep), typeof(RowSetSummary),
        typeof(FeatureStatisticsStep), typeof(FeatureStatistics),
        typeof(LloydStep), typeof(BoundedLloydStep), typeof(LloydSummary), typeof(ParallelSampleStep),
        typeof(SquaredLossGradientStep), typeof(SquaredLossGradient),
        typeof(NormalEquationsStep), typeof(NormalEquations),
        typeof(KMeansPredictStep), typeof(LinearPredictStep), typeof(PredictionSummary),
        typeof(ClusteringEvaluationStep), typeof(ClusteringEvaluationSummary),
        typeof(RegressionEvaluationStep), typeof(RegressionEvaluationSummary),
        typeof(DropStateStep), typeof(PartitionCount),
        typeof(ClassDiscoveryStep), typeof(ClassSet),
        typeof(ClassificationEvaluationStep), typeof(ClassificationEvaluation),
        typeof(LossGradientStep), typeof(MiniBatchGradientStep), typeof(LossGradient),
        typeof(LocalSgdStep), typeof(LocalModelSum),
        typeof(LinearModelPredictStep),
        typeof(CocoaStep), typeof(CocoaSummary),
        typeof(CocoaDualsStep), typeof(CocoaDualSet), typeof(CocoaRestoreStep),
        typeof(KMeansJob), typeof(LinearRegressionJob), typeof(LinearModelJob),
    ];
}
