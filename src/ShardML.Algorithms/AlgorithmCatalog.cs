using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Models;

namespace ShardML.Algorithms;

/// <summary>
/// Every algorithm ShardML trains, one line each. The runtime's wire registry (<see cref="WireTypes"/>), the model
/// file's polymorphic JSON (<see cref="ModelKinds"/>) and the CLI's <c>train</c> subcommands are derived from it.
/// </summary>
public static class AlgorithmCatalog
{
    /// <summary>The algorithms, in the order the CLI lists them.</summary>
    public static IReadOnlyList<AlgorithmDescriptor> All { get; } =
    [
        KMeans.KMeansDescriptor.Descriptor,
        LinearModels.LinearModelDescriptor.Descriptor,
        NaiveBayes.NaiveBayesDescriptor.Descriptor,
    ];

    /// <summary>
    /// Steps and summaries that serve every algorithm: the data's own (learning preprocessing, kept columns), sampling
    /// rows, feature statistics, classes, predictions, working state.
    /// </summary>
    public static IReadOnlyList<Type> SharedWireTypes { get; } =
    [
        .. Core.Data.DataWireTypes.All,
        typeof(FetchRowsStep), typeof(RowSetSummary),
        typeof(SampleRowsStep), typeof(RowSample),
        typeof(FeatureStatisticsStep), typeof(FeatureStatistics),
        typeof(PredictionSummary),
        typeof(DropStateStep), typeof(PartitionCount),
        typeof(ClassDiscoveryStep), typeof(ClassSet),
        typeof(ClassificationEvaluationStep), typeof(ClassificationEvaluation),
        typeof(Evaluation.SubsetStep), typeof(Evaluation.SubsetCountStep), typeof(Evaluation.SubsetCounts),
        typeof(Evaluation.MultiStep), typeof(Evaluation.MultiSummary), typeof(LinearModels.MultiLossGradientStep),
        typeof(Evaluation.ValidatedJob), typeof(Evaluation.SearchJob),
    ];

    /// <summary>Everything allowed on the wire: the shared types and each algorithm's own.</summary>
    public static IReadOnlyList<Type> WireTypes { get; } = [.. SharedWireTypes, .. All.SelectMany(a => a.WireTypes)];

    /// <summary>Every model type with its JSON name.</summary>
    public static IReadOnlyList<ModelKind> ModelKinds { get; } = [.. All.SelectMany(a => a.Models)];

    /// <summary>The algorithm behind a <c>train</c> subcommand, or null.</summary>
    public static AlgorithmDescriptor? ForCommand(string command) =>
        All.FirstOrDefault(a => a.Commands.Contains(command, StringComparer.Ordinal));
}
