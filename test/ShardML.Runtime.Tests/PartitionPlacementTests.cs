using ShardML.Runtime.Placement;

namespace ShardML.Runtime.Tests;

public sealed class PartitionPlacementTests
{
    private static readonly string[] ThreeSilos = ["10.0.0.1:11111@1", "10.0.0.2:11111@1", "10.0.0.3:11111@1"];

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(64)]
    public void Spreads_partitions_evenly(int partitions)
    {
        var placement = PartitionPlacement.Assign("ds", partitions, ThreeSilos);

        var loads = ThreeSilos.Select(s => placement.Count(p => p == s)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(",", loads)}");
    }

    [Fact]
    public void When_a_fourth_silo_joins_about_a_quarter_of_the_partitions_move()
    {
        const int partitions = 400;
        var before = PartitionPlacement.Assign("ds", partitions, ThreeSilos);
        var after = PartitionPlacement.Assign("ds", partitions, [.. ThreeSilos, "10.0.0.4:11111@1"]);

        var moved = Enumerable.Range(0, partitions).Count(i => before[i] != after[i]);
        Assert.InRange(moved, partitions / 4, partitions * 35 / 100);
        Assert.Equal(partitions / 4, after.Count(s => s == "10.0.0.4:11111@1"));
    }

    [Theory]
    [InlineData(48)]
    [InlineData(50)]
    [InlineData(401)]
    public void Rebalancing_for_a_fourth_silo_moves_just_its_share_to_it(int partitions)
    {
        var fourth = "10.0.0.4:11111@1";
        var before = PartitionPlacement.Assign("ds-x", partitions, ThreeSilos);

        var after = PartitionPlacement.Rebalance("ds-x", before, [.. ThreeSilos, fourth]);

        var moved = Enumerable.Range(0, partitions).Where(i => before[i] != after[i]).ToArray();
        Assert.All(moved, p => Assert.Equal(fourth, after[p]));
        Assert.InRange(moved.Length, partitions / 4, (partitions / 4) + 1);
        var loads = ThreeSilos.Append(fourth).Select(s => after.Count(p => p == s)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 1, $"loads {string.Join(",", loads)}");
    }

    [Fact]
    public void Rebalancing_after_a_silo_leaves_moves_only_its_partitions()
    {
        var before = PartitionPlacement.Assign("ds-y", 61, ThreeSilos);

        var after = PartitionPlacement.Rebalance("ds-y", before, ThreeSilos[..2]);

        for (var p = 0; p < before.Length; p++)
        {
            Assert.True(before[p] == ThreeSilos[2] || before[p] == after[p], $"partition {p} moved from a silo that stayed");
        }

        var loads = ThreeSilos[..2].Select(s => after.Count(p => p == s)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= 1);
    }

    [Fact]
    public void Is_a_function_of_its_inputs_only()
    {
        Assert.Equal(PartitionPlacement.Assign("ds", 50, ThreeSilos), PartitionPlacement.Assign("ds", 50, ThreeSilos.Reverse().ToArray()));
    }
}
