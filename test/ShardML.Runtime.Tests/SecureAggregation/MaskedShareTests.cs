using MemoryPack;
using ShardML.Algorithms;
using ShardML.Algorithms.KMeans;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.SecureAggregation;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime.Tests.SecureAggregation;

/// <summary>
/// What the driver receives from each silo under masking, looked at directly: every share passes a test of uniformly
/// random bytes (while the same sums unmasked fail it), and the shares add up exactly to the reference's total.
/// </summary>
public sealed class MaskedShareTests : IDisposable
{
    private readonly SampleFiles _files = new();

    [Fact]
    public async Task Each_silos_share_is_indistinguishable_from_uniform_bytes_and_the_shares_add_up_to_the_exact_total()
    {
        await using var secure = await SecureTestCluster.StartAsync(3);
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 6);
        secure.Shard.ExecutorOptions = new ClusterExecutorOptions { SecureAggregation = SecureAggregationMode.Masking };
        await using var cluster = await secure.Shard.LoadAsync(plan, CancellationToken.None);
        var step = new LloydStep([1, 1, 1, 8, 8, 1, -8, 6, 3, 5, -7, -5], 4, 3, 0);
        var sums = Reference(plan, step);
        var boundClass = sums.Max(s => SumBound.ClassOf(s));
        string[] silos = [.. cluster.Placement.Distinct().Order(StringComparer.Ordinal)];
        var grains = secure.Cluster.Client;
        var announced = await Task.WhenAll(silos.Select(s => grains.GetGrain<ISiloAggregatorGrain>(s).JoinMaskingAsync(cluster.DatasetId, CancellationToken.None)));

        var shares = await Task.WhenAll(silos.Select(s => grains.GetGrain<ISiloAggregatorGrain>(s).RunSecureAsync(
            Batch(cluster, plan, step, p => cluster.Placement[p] == s),
            new SecurePass(SecureAggregationMode.Masking, cluster.DatasetId, 1, 0, silos, boundClass, plan.Partitions.Count, [.. announced.Where(a => a.Silo != s)], null, SendTemplate: false),
            CancellationToken.None)));

        Assert.All(shares, s => AssertUniform(s.Payload, expectUniform: true));
        var words = SumBound.ClassCount + sums[0].Length;
        var total = ModularVector.Sum(shares.Select(s => Words(s.Payload)));
        Assert.Equal(words, total.Length);
        Assert.Equal((ulong)silos.Length, total.Take(SumBound.ClassCount).Aggregate((a, b) => a + b)); // one class per silo
        Assert.Equal(boundClass, SumBound.LargestClass(total.AsSpan(0, SumBound.ClassCount)));
        Assert.Equal(QuantizedTotal.Of(sums), SumBound.CodecFor(boundClass, plan.Partitions.Count).Decode(total.AsSpan(SumBound.ClassCount)));

        // The same silo's sums without masks (it alone takes part): far from uniform, so the test above has teeth.
        var alone = await grains.GetGrain<ISiloAggregatorGrain>(silos[0]).RunSecureAsync(
            Batch(cluster, plan, step, p => cluster.Placement[p] == silos[0]),
            new SecurePass(SecureAggregationMode.Masking, cluster.DatasetId, 2, 0, [silos[0]], boundClass, plan.Partitions.Count, [], null, SendTemplate: false),
            CancellationToken.None);
        AssertUniform(alone.Payload, expectUniform: false);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Pearson's χ² over the 256 byte values (255 degrees of freedom: mean 255, standard deviation 22.6; 360 is about
    /// 4.6 deviations, a false alarm once in a few hundred thousand runs) and the count of one bits (within 5 deviations).
    /// </summary>
    private static void AssertUniform(byte[] bytes, bool expectUniform)
    {
        var counts = new long[256];
        long ones = 0;
        foreach (var b in bytes)
        {
            counts[b]++;
            ones += System.Numerics.BitOperations.PopCount(b);
        }

        var expected = bytes.Length / 256.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        var bits = bytes.Length * 8.0;
        var z = Math.Abs(ones - (bits / 2)) / Math.Sqrt(bits / 4);
        var uniform = chiSquare < 360 && z < 5;
        Assert.True(uniform == expectUniform, $"{bytes.Length} bytes: χ² = {chiSquare:F1} (255 degrees of freedom), one bits z = {z:F2}; expected {(expectUniform ? "uniform" : "not uniform")}");
    }

    private static ulong[] Words(byte[] payload) => [.. System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(payload)];

    private static double[][] Reference(DatasetPlan plan, LloydStep step)
    {
        var first = 0L;
        var sums = new double[plan.Partitions.Count][];
        for (var i = 0; i < sums.Length; i++)
        {
            var partition = PartitionLoader.Load(plan.Partitions[i]);
            var summary = step.Run(partition, new StepContext(i, first, CancellationToken.None));
            sums[i] = new double[summary.SumLength];
            summary.WriteSums(sums[i]);
            first += partition.RowCount;
        }

        return sums;
    }

    private static StepBatch Batch(ClusterExecutor cluster, DatasetPlan plan, LloydStep step, Func<int, bool> mine)
    {
        var encoded = new WireTypeRegistry(AlgorithmCatalog.WireTypes).Encode(step);
        PartitionTask[] tasks = [.. Enumerable.Range(0, plan.Partitions.Count).Where(mine)
            .Select(p => new PartitionTask(p, cluster.Dataset.FirstRow(p), MemoryPackSerializer.Serialize(plan.Partitions[p])))];
        return new StepBatch(cluster.DatasetId, plan.Partitions.Count, encoded.TypeName, encoded.Body, tasks, null, 16 << 20);
    }
}
