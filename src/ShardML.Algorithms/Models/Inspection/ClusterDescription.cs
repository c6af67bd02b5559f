namespace ShardML.Algorithms.Models.Inspection;

/// <summary>One K-means cluster.</summary>
/// <param name="Cluster">Its index, as <c>predict</c> writes it.</param>
/// <param name="Size">Training rows assigned to it.</param>
/// <param name="Center">Its center, one value per feature in the model's feature order.</param>
public sealed record ClusterDescription(int Cluster, long Size, IReadOnlyList<double> Center);
