using ShardML.Algorithms.Common;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearRegression;
using ShardML.Algorithms.Models;

namespace ShardML.Algorithms;

/// <summary>Every step and summary of the algorithms, for the runtime's wire registry. A new step is added here.</summary>
public static class AlgorithmWireTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(FetchRowsStep), typeof(RowSetSummary),
        typeof(FeatureStatisticsStep), typeof(FeatureStatistics),
        typeof(LloydStep), typeof(LloydSummary), typeof(ParallelSampleStep),
        typeof(SquaredLossGradientStep), typeof(SquaredLossGradient),
        typeof(NormalEquationsStep), typeof(NormalEquations),
        typeof(KMeansPredictStep), typeof(LinearPredictStep), typeof(PredictionSummary),
        typeof(ClusteringEvaluationStep), typeof(ClusteringEvaluationSummary),
        typeof(RegressionEvaluationStep), typeof(RegressionEvaluationSummary),
    ];
}
