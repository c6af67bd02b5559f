namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Which algorithm runs the next K-means iteration (<see cref="KMeansAlgorithm"/>): the one asked for, or under
/// <see cref="KMeansAlgorithm.Auto"/> the cheapest for k and for how far the centers moved in the last iteration.
/// </summary>
/// <remarks>
/// <para>
/// Bounds pay only when most rows keep their cluster: a bounded pass costs more than a Lloyd pass when it starts (no
/// bounds yet) and whenever the centers move far compared with their separation (the bounds fail for most rows); once
/// the centers settle it searches a few rows and reads only the segments whose rows changed cluster
/// (<see cref="SegmentSums"/>), a fraction of a Lloyd pass at any k. So Auto runs Lloyd in the first iteration of a run
/// (no move known yet) and while the last move exceeds <see cref="SettledMove"/> × the centers' mean half-separation
/// ½·min‖c_j − c_i‖; once settled it runs Yinyang's bounds for k ≥ <see cref="SmallestYinyangK"/> and d ≥
/// <see cref="SmallestYinyangDimension"/>, and Hamerly's otherwise: with few features a row's search over every center
/// is cheap in the tiled kernel, and Hamerly's single bound costs less upkeep than t group bounds. It does not switch
/// back: a bounded pass whose bounds fail searches as Lloyd does, and a switch would throw the bounds away. Every choice
/// is a function of the centers, so a resumed job chooses as an undisturbed one; the thresholds come from
/// <c>shardml train kmeans --json</c> runs (docs/CLI.md).
/// </para>
/// </remarks>
public static class KMeansIterationPolicy
{
    /// <summary>From this k on (and <see cref="SmallestYinyangDimension"/>), Yinyang's group bounds save more than they cost.</summary>
    public const int SmallestYinyangK = 128;

    /// <summary>From this many features on (and <see cref="SmallestYinyangK"/>), a search skipped saves enough to pay for group bounds.</summary>
    public const int SmallestYinyangDimension = 128;

    /// <summary>
    /// The smallest Lloyd pass, in multiply-adds (rows × k × d), that Auto bounds: below it a pass takes well under a
    /// millisecond, and the bounds' first pass (their state, their code) costs more than they can save (digits, 1,797 × 64
    /// at k = 10: 64–73 ms a job against Lloyd's 42–46).
    /// </summary>
    public const long SmallestBoundedWork = 1L << 22;

    /// <summary>The largest center move, relative to the mean half-separation, at which bounds start to pay.</summary>
    public const double SettledMove = 0.1;

    /// <summary>
    /// The algorithm for the next iteration: <paramref name="previous"/> ran the last one (null for the first of a run),
    /// which moved the centers at most <paramref name="lastMove"/>; <paramref name="centers"/> are the current ones, and
    /// the data has <paramref name="rows"/> rows.
    /// </summary>
    public static KMeansAlgorithm Choose(KMeansAlgorithm requested, KMeansAlgorithm? previous, double lastMove, CenterSet centers, long rows)
    {
        if (requested != KMeansAlgorithm.Auto)
        {
            return requested;
        }

        var k = centers.Count;
        if (previous is null || (double)rows * k * centers.Dimension < SmallestBoundedWork)
        {
            return KMeansAlgorithm.Lloyd;
        }

        var bounded = UsesYinyang(k, centers.Dimension) ? KMeansAlgorithm.Yinyang : KMeansAlgorithm.Bounded;
        if (previous == bounded)
        {
            return bounded;
        }

        return lastMove <= SettledMove * MeanHalfSeparation(centers) ? bounded : KMeansAlgorithm.Lloyd;
    }

    /// <summary>Whether Auto's bounded iterations are Yinyang's for k centers of d features (else Hamerly's).</summary>
    public static bool UsesYinyang(int k, int d) => k >= SmallestYinyangK && d >= SmallestYinyangDimension;

    /// <summary>The name an iteration's algorithm has in reports: lloyd, bounded, yinyang.</summary>
    public static string Name(KMeansAlgorithm algorithm) => algorithm.ToString().ToLowerInvariant();

    private static double MeanHalfSeparation(CenterSet centers)
    {
        var half = BoundTerms.HalfSeparations(centers.Values, centers.Count, centers.Dimension);
        double total = 0;
        foreach (var s in half)
        {
            total += s;
        }

        return total / half.Length;
    }
}
