namespace ShardML.Algorithms.Models.Diagnostics;

/// <summary>
/// K-means on the plane of the data's first two principal components (<see cref="Common.PrincipalComponents"/>): a
/// fixed-seed sample of rows with their clusters, and the centers.
/// </summary>
/// <param name="X">Each sampled row's coordinate on the first component.</param>
/// <param name="Y">On the second (0 for one-feature data).</param>
/// <param name="Clusters">Each sampled row's cluster.</param>
/// <param name="CenterX">Each center's coordinate on the first component.</param>
/// <param name="CenterY">On the second.</param>
/// <param name="ExplainedVariance">The share of the data's variance along each component.</param>
/// <param name="Rows">Rows in the whole dataset, of which these are a sample.</param>
public sealed record ClusterProjection(double[] X, double[] Y, int[] Clusters, double[] CenterX, double[] CenterY, double[] ExplainedVariance, long Rows);
