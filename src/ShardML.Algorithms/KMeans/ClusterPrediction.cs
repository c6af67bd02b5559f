namespace ShardML.Algorithms.KMeans;

/// <summary>K-means' prediction for one row.</summary>
/// <param name="Cluster">The index of the nearest center.</param>
/// <param name="Distance">The Euclidean distance to it.</param>
public sealed record ClusterPrediction(int Cluster, double Distance);
