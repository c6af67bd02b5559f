using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// One round of k-means|| sampling (Bahmani et al., "Scalable K-Means++", VLDB 2012, Algorithm 2, step 4): keep
/// each row independently with probability min(1, ℓ·d²(x, C) / φ(C)). The coin for a row is a counter-based
/// random number of (seed, round, global row), so the sample is the same whatever the partitioning.
/// Cost: n·|C|·d multiply-adds.
/// </summary>
/// <param name="Candidates">Row-major centers chosen so far.</param>
/// <param name="CandidateCount">How many.</param>
/// <param name="Dimension">Features per row.</param>
/// <param name="Cost">φ(C): total squared distance of the data to the candidates.</param>
/// <param name="Oversampling">ℓ, the expected number of rows kept per round.</param>
/// <param name="Seed">The job's seed.</param>
/// <param name="Round">The round number, so each round flips fresh coins.</param>
[MemoryPackable]
public sealed partial record ParallelSampleStep(
    float[] Candidates,
    int CandidateCount,
    int Dimension,
    double Cost,
    double Oversampling,
    ulong Seed,
    int Round) : IPartitionStep<RowSetSummary>
{
    public RowSetSummary Run(Partition partition, StepContext context)
    {
        var centers = new CenterSet(Candidates, CandidateCount, Dimension);
        var result = new RowSetSummary([], []);
        for (var i = 0; i < partition.RowCount; i++)
        {
            double distance;
            if (partition.Dense is { } dense)
            {
                NearestCenterKernel.Nearest(dense.Row(i), centers, out distance);
            }
            else
            {
                NearestCenterKernel.Nearest(partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i), centers, out distance);
            }

            var global = context.FirstRow + i;
            var probability = Oversampling * distance / Cost;
            if (CounterRandom.NextDouble(Seed, (ulong)(1000 + Round), (ulong)global) < probability)
            {
                result.Add(global, DenseRow.Copy(partition, i, Dimension));
            }
        }

        return result;
    }
}
