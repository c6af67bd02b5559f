using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace ShardML.Runtime.Placement;

/// <summary>Places a grain on the silo whose address is the grain's key: how each silo gets exactly one aggregator.</summary>
[GenerateSerializer, Immutable, Alias("shardml.silo-targeted-placement")]
public sealed class SiloTargetedPlacement : PlacementStrategy
{
    internal static readonly SiloTargetedPlacement Instance = new();
}

/// <summary>Marks a grain class as placed by <see cref="SiloTargetedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloTargetedPlacementAttribute : PlacementAttribute
{
    public SiloTargetedPlacementAttribute()
        : base(SiloTargetedPlacement.Instance)
    {
    }
}

/// <summary>Activates the grain on the silo named by its key, and refuses when that silo is not an active member.</summary>
internal sealed class SiloTargetedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var wanted = SiloAddress.FromParsableString(key);
        var silos = context.GetCompatibleSilos(target);
        return silos.Contains(wanted)
            ? Task.FromResult(wanted)
            : throw new SiloUnavailableException($"silo {key} is not an active member of the cluster");
    }
}
