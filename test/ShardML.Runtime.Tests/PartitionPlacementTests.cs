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

    [Fact]
    public void Is_a_function_of_its_inputs_only()
    {
        Assert.Equal(PartitionPlacement.Assign("ds", 50, ThreeSilos), PartitionPlacement.Assign("ds", 50, ThreeSilos.Reverse().ToArray()));
    }
}
