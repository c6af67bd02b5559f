using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime.Tests;

/// <summary>
/// Admission before a dataset loads: refused when the silos cannot hold it together, placed by capacity when the
/// balanced placement would overfill one of them, and left alone when it fits.
/// </summary>
public sealed class MemoryAdmissionTests : IDisposable
{
    private const long Gb = 1_000_000_000;
    private static readonly string[] Three = ["silo-a", "silo-b", "silo-c"];
    private readonly SampleFiles _files = new();

    [Fact]
    public void A_dataset_larger_than_the_silos_free_memory_together_is_refused_saying_how_much_it_needs_and_there_is()
    {
        // The case: 1.65 GB of CSV on three silos in 350 MB cgroups (a heap limit of 75% of that, 262 MB each).
        long[] sizes = [.. Enumerable.Repeat(1_700_000_000L / 12, 12)];
        SiloMemory[] silos = [.. Three.Select(s => new SiloMemory(s, 262_000_000, 20_000_000))];

        var refusal = Assert.Throws<ClusterCapacityException>(() => MemoryAdmission.Decide("ds", sizes, silos, PartitionPlacement.Assign("ds", 12, Three), MemoryAdmission.Headroom));

        Assert.StartsWith("the data needs 1.7 GB in memory, the cluster can hold 569 MB (3 silos", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("add silos or memory", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("`MemoryCheck`", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_a_silo_already_holds_and_the_headroom_are_not_free()
    {
        var silo = new SiloMemory("silo-a", 10 * Gb, 3 * Gb);

        Assert.Equal(5 * Gb, silo.Capacity(0.2));
        Assert.Equal(0, new SiloMemory("silo-b", 1 * Gb, 2 * Gb).Capacity(0.2));
        Assert.Throws<ClusterCapacityException>(() => MemoryAdmission.Decide("ds", [3 * Gb, 3 * Gb], [silo], ["silo-a", "silo-a"], 0.2));
    }

    [Fact]
    public void A_dataset_that_fits_keeps_the_balanced_placement()
    {
        var owners = PartitionPlacement.Assign("ds", 9, Three);
        SiloMemory[] silos = [.. Three.Select(s => new SiloMemory(s, 4 * Gb, 0))];

        var placed = MemoryAdmission.Decide("ds", [.. Enumerable.Repeat(Gb, 9)], silos, owners, 0.2);

        Assert.Same(owners, placed);
    }

    [Fact]
    public void A_silo_with_less_room_gets_fewer_partitions_when_the_others_can_take_them()
    {
        // Balanced, each silo would take 4 of the 12 partitions (4 GB); silo-a has 2 GB free, the others 6.
        long[] sizes = [.. Enumerable.Repeat(Gb, 12)];
        SiloMemory[] silos = [new("silo-a", 3 * Gb, 400_000_000), new("silo-b", 8 * Gb, 400_000_000), new("silo-c", 8 * Gb, 400_000_000)];
        var balanced = PartitionPlacement.Assign("ds", 12, Three);

        var placed = MemoryAdmission.Decide("ds", sizes, silos, balanced, 0.2);

        Assert.NotSame(balanced, placed);
        foreach (var silo in silos)
        {
            var held = placed.Select((owner, p) => (owner, p)).Where(x => x.owner == silo.Address).Sum(x => sizes[x.p]);
            Assert.True(held <= silo.Capacity(0.2), $"{silo.Address} holds {held} bytes, has room for {silo.Capacity(0.2)}");
        }

        Assert.Equal(2, placed.Count(o => o == "silo-a"));
        Assert.Equal(placed, MemoryAdmission.Decide("ds", sizes, silos, balanced, 0.2)); // the same placement every time
    }

    [Fact]
    public void A_partition_larger_than_any_silos_room_is_refused_even_when_the_total_fits_naming_the_partitions_option()
    {
        SiloMemory[] silos = [.. Three.Select(s => new SiloMemory(s, 2 * Gb, 0))];

        var refusal = Assert.Throws<ClusterCapacityException>(() => MemoryAdmission.Decide("ds", [2 * Gb, 100], silos, ["silo-a", "silo-b"], 0.2));

        Assert.Contains("largest partition needs 2.0 GB", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("`Partitions`", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silo_that_did_not_answer_gets_no_partition()
    {
        SiloMemory[] answered = [new("silo-a", 8 * Gb, 0), new("silo-b", 8 * Gb, 0)];

        var placed = MemoryAdmission.Decide("ds", [.. Enumerable.Repeat(Gb, 6)], answered, PartitionPlacement.Assign("ds", 6, Three), 0.2);

        Assert.DoesNotContain("silo-c", placed);
    }

    [Fact]
    public async Task The_embedded_silo_refuses_a_dataset_larger_than_its_memory_before_loading_any_partition_and_loads_it_with_the_check_off()
    {
        // A real file of a few rows, planned as if it held 10^12 of them: the refusal must come from the estimate, since
        // loading would find only the few rows.
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs(rows: 200) }, 2);
        var claimed = new DatasetPlan(plan.Schema, [.. plan.Partitions.Select(p => p with { EstimatedRows = 500_000_000_000 })]);
        await using var shard = await ShardCluster.StartEmbeddedAsync(AlgorithmCatalog.WireTypes, null, CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<ClusterCapacityException>(() => shard.LoadAsync(claimed, CancellationToken.None));
        Assert.StartsWith("the data needs 16000.0 GB in memory, the cluster can hold ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("(1 silo:", refusal.Message, StringComparison.Ordinal);
        Assert.Empty((await shard.StatusAsync(CancellationToken.None)).SelectMany(s => s.Description?.Datasets ?? []));

        await using var loaded = await shard.LoadAsync(claimed, new ClusterExecutorOptions { MemoryCheck = false }, CancellationToken.None);
        Assert.Equal(200, loaded.Dataset.RowCounts.Sum());
    }

    public void Dispose() => _files.Dispose();
}
