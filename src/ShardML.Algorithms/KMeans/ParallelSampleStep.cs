using System.Runtime.CompilerServices;
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
/// Cost: n·|C|·d multiply-adds, register-tiled for dense rows (<see cref="BlockedAssignment"/>).
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
        var result = new RowSetSummary([], []);
        if (partition.Dense is { } dense)
        {
            RunDense(dense, partition, context, result);
            return result;
        }

        var centers = new CenterSet(Candidates, CandidateCount, Dimension);
        for (var i = 0; i < partition.RowCount; i++)
        {
            NearestCenterKernel.Nearest(partition.Sparse!.RowIndices(i), partition.Sparse.RowValues(i), centers, out var distance);
            Keep(partition, context, i, distance, result);
        }

        return result;
    }

    // Round r scores every row against all 1 + (r − 1)·ℓ candidates so far (ℓ = 2k by default: 513 at k = 256), the
    // same work as a Lloyd pass with that many centers, so it runs on the Lloyd pass's register-tiled kernel; row by
    // row it took most of a k = 256 job's start. The distances are the ones the cost pass (a LloydStep) summed into φ.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a loop over blocks with stackalloc: optimized from the first pass
    private void RunDense(DenseMatrix dense, Partition partition, StepContext context, RowSetSummary result)
    {
        var d = Dimension;
        var packed = new PackedCenters(Candidates, CandidateCount, d);
        var block = BlockedAssignment.BlockRows(d);
        Span<int> nearest = stackalloc int[block];
        Span<float> distances = stackalloc float[block];
        var values = dense.AllRows;
        for (var start = 0; start < dense.Rows; start += block)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(block, dense.Rows - start);
            BlockedAssignment.Assign(values.Slice(start * d, count * d), packed, nearest[..count], distances[..count], default, values[((start + count) * d)..]);
            for (var r = 0; r < count; r++)
            {
                Keep(partition, context, start + r, distances[r], result);
            }
        }
    }

    private void Keep(Partition partition, StepContext context, int row, double squaredDistance, RowSetSummary result)
    {
        var global = context.FirstRow + row;
        var probability = Oversampling * squaredDistance / Cost;
        if (CounterRandom.NextDouble(Seed, (ulong)(1000 + Round), (ulong)global) < probability)
        {
            result.Add(global, DenseRow.Copy(partition, row, Dimension));
        }
    }
}
