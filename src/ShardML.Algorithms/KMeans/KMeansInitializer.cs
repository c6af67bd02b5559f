using ShardML.Algorithms.Common;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// Chooses the starting centers. Every choice is a function of the seed and of global row numbers only, so the
/// same seed gives the same centers for any partition count. k-means|| and the random start read rows on the
/// driver, so when only totals may leave a silo (secure aggregation) they are refused, and the start is given
/// centers or uniform draws in given bounds, which read no row.
/// </summary>
internal static class KMeansInitializer
{
    private const ulong RandomRowsPurpose = 1;
    private const ulong LocalReducePurpose = 2;
    private const ulong UniformPurpose = 3;
    private const ulong StartsPurpose = 4;

    public static async Task<(CenterSet Centers, int Passes)> InitializeAsync(
        IPartitionExecutor executor, KMeansOptions options, CancellationToken cancellationToken)
    {
        var (starts, passes) = await InitializeStartsAsync(executor, options with { InitializationCount = 1 }, cancellationToken);
        return (starts[0], passes);
    }

    /// <summary>
    /// <see cref="KMeansOptions.InitializationCount"/> starts, the first the one a single start would get. The starts of
    /// k-means|| share one set of candidates (the passes over the data) and differ in the driver's reduction; random and
    /// uniform starts draw afresh for each start, random ones fetching all their rows in one pass.
    /// </summary>
    public static async Task<(CenterSet[] Starts, int Passes)> InitializeStartsAsync(
        IPartitionExecutor executor, KMeansOptions options, CancellationToken cancellationToken)
    {
        var dimension = executor.Dataset.Schema.FeatureCount;
        if (executor.Privacy == AggregationPrivacy.TotalsOnly && options.Initialization is KMeansInitialization.Parallel or KMeansInitialization.Random)
        {
            throw new ArgumentException(
                $"the {(options.Initialization == KMeansInitialization.Parallel ? "k-means||" : "random")} start (`Initialization`) sends rows of the data to the driver, which secure aggregation forbids: give the initial centers (`InitialCenters`) or a uniform start in bounds (`UniformLowerBound`, `UniformUpperBound`)",
                nameof(options));
        }

        var count = options.InitializationCount;
        switch (options.Initialization)
        {
            case KMeansInitialization.Uniform:
                return (Enumerable.Range(0, count).Select(s => Uniform(options, dimension, s)).ToArray(), 0);
            case KMeansInitialization.Given:
                return ([CenterSet.FromRows(options.InitialCenters!, dimension)], 0);
            case KMeansInitialization.Random:
                var rows = Enumerable.Range(0, count).Select(s => DistinctRows(StartSeed(options.Seed, s), executor.Dataset.TotalRows, options.NumberOfClusters)).ToArray();
                var fetched = await executor.RunAsync(new FetchRowsStep([.. rows.SelectMany(r => r).Distinct()], dimension), cancellationToken);
                return (rows.Select(r => CenterSet.FromRows(r.Select(fetched.Get).ToArray(), dimension)).ToArray(), 1);
            default:
                return await ParallelAsync(executor, options, dimension, cancellationToken);
        }
    }

    /// <summary>The seed of start <paramref name="start"/>: the job's seed for the first, so one start is what it always was.</summary>
    private static ulong StartSeed(ulong seed, int start) =>
        start == 0 ? seed : CounterRandom.Next(seed, StartsPurpose, (ulong)start);

    /// <summary>
    /// k-means|| : Bahmani et al. 2012, Algorithm 2 (<see cref="KMeansOptions.InitializationSteps"/> rounds of
    /// ℓ = <see cref="KMeansOptions.OversamplingFactor"/> × k expected rows each), then greedy weighted k-means++ and
    /// Lloyd on the weighted candidates, once per start.
    /// </summary>
    private static async Task<(CenterSet[] Starts, int Passes)> ParallelAsync(
        IPartitionExecutor executor, KMeansOptions options, int dimension, CancellationToken cancellationToken)
    {
        var k = options.NumberOfClusters;
        var first = DistinctRows(options.Seed, executor.Dataset.TotalRows, 1);
        var fetched = await executor.RunAsync(new FetchRowsStep(first, dimension), cancellationToken);
        var candidates = new List<float[]>(fetched.Rows);
        var passes = 1;
        for (var round = 0; round < options.InitializationSteps; round++)
        {
            var current = CenterSet.FromRows(candidates, dimension);
            var cost = await executor.RunAsync(new LloydStep(current.Values, current.Count, dimension, 0), cancellationToken);
            passes++;
            if (cost.Inertia <= 0)
            {
                break; // every row coincides with a candidate
            }

            var sampled = await executor.RunAsync(
                new ParallelSampleStep(current.Values, current.Count, dimension, cost.Inertia, options.OversamplingFactor * k, options.Seed, round),
                cancellationToken);
            passes++;
            candidates.AddRange(sampled.Rows);
        }

        var all = CenterSet.FromRows(candidates, dimension);
        if (all.Count <= k)
        {
            // Too few distinct candidates to choose among: every start is the same, so one is enough.
            var extra = DistinctRows(options.Seed, executor.Dataset.TotalRows, k);
            var fill = await FetchAsync(executor, extra, dimension, cancellationToken);
            candidates.AddRange(fill.ToRows().Take(k - all.Count));
            return ([CenterSet.FromRows(candidates, dimension)], passes + 1);
        }

        var weights = await executor.RunAsync(new LloydStep(all.Values, all.Count, dimension, 0), cancellationToken);
        passes++;
        var starts = new CenterSet[options.InitializationCount];
        for (var s = 0; s < starts.Length; s++)
        {
            var reduced = LocalKMeansPlusPlus.Reduce(candidates, weights.Counts, k, CounterRandom.DeriveSeed(StartSeed(options.Seed, s), LocalReducePurpose));
            starts[s] = CenterSet.FromRows(reduced, dimension);
        }

        return (starts, passes);
    }

    /// <summary>k × d values uniform in [lower, upper), each a function of the seed and its index.</summary>
    private static CenterSet Uniform(KMeansOptions options, int dimension, int start)
    {
        var offset = (ulong)start * (ulong)options.NumberOfClusters * (ulong)dimension; // start 0 draws what a single start drew
        var lower = options.UniformLowerBound!.Value;
        var width = options.UniformUpperBound!.Value - lower;
        var values = new float[options.NumberOfClusters * dimension];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(lower + (width * CounterRandom.NextDouble(options.Seed, UniformPurpose, offset + (ulong)i)));
        }

        return new CenterSet(values, options.NumberOfClusters, dimension);
    }

    private static async Task<CenterSet> FetchAsync(IPartitionExecutor executor, long[] rows, int dimension, CancellationToken cancellationToken)
    {
        var fetched = await executor.RunAsync(new FetchRowsStep(rows, dimension), cancellationToken);
        return CenterSet.FromRows(rows.Select(fetched.Get).ToArray(), dimension);
    }

    /// <summary>
    /// <paramref name="count"/> distinct global row numbers drawn uniformly from [0, total), in draw order,
    /// by Floyd's algorithm; a function of the seed and the total only.
    /// </summary>
    private static long[] DistinctRows(ulong seed, long total, int count)
    {
        var random = new Random(CounterRandom.DeriveSeed(seed, RandomRowsPurpose));
        var chosen = new HashSet<long>();
        var order = new List<long>(count);
        for (var j = total - count; j < total; j++)
        {
            var pick = random.NextInt64(j + 1);
            var row = chosen.Add(pick) ? pick : j;
            chosen.Add(row);
            order.Add(row);
        }

        return [.. order];
    }
}
