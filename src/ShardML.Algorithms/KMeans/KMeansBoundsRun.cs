namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The run of bounded iterations a K-means job has going: which algorithm keeps bounds on the partitions, under which
/// working-state key, and for Yinyang the grouping of the centers. Each run has a key of its own, so bounds kept by an
/// earlier run can never be read by a later one.
/// </summary>
/// <param name="JobKey">The job's prefix for working-state keys.</param>
internal sealed record KMeansBoundsRun(string JobKey)
{
    /// <summary>The bounded algorithm running; null when none is.</summary>
    public KMeansAlgorithm? Algorithm { get; private init; }

    /// <summary>The working-state key of the running algorithm's bounds; null when none is.</summary>
    public string? Key { get; private init; }

    /// <summary>Yinyang's groups of centers, fixed for the run (<see cref="CenterGroups"/>); null otherwise.</summary>
    public int[]? Groups { get; private init; }

    /// <summary>Runs started so far in this job.</summary>
    public int Runs { get; private init; }

    /// <summary>A run of <paramref name="algorithm"/> starting at <paramref name="centers"/>.</summary>
    public KMeansBoundsRun Started(KMeansAlgorithm algorithm, CenterSet centers, ulong seed) => this with
    {
        Algorithm = algorithm,
        Key = $"{JobKey}/{Runs}",
        Groups = algorithm == KMeansAlgorithm.Yinyang ? CenterGroups.Compute(centers.Values, centers.Count, centers.Dimension, seed) : null,
        Runs = Runs + 1,
    };

    /// <summary>No run going (its bounds freed by the caller).</summary>
    public KMeansBoundsRun Ended() => this with { Algorithm = null, Key = null, Groups = null };
}
