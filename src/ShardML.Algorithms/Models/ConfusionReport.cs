namespace ShardML.Algorithms.Models;

/// <summary>A confusion matrix for reports: <c>Counts[actual][predicted]</c>, classes in model order.</summary>
/// <param name="Classes">The class names, indexing both rows and columns.</param>
/// <param name="Counts">Rows are the actual classes, columns the predicted ones.</param>
public sealed record ConfusionReport(string[] Classes, long[][] Counts);
