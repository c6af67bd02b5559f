using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Placement;
using ShardML.Runtime.SecureAggregation;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Hosting;

/// <summary>Adds ShardML to an Orleans silo: the wire types of the steps it may run, our placement, and timeouts for long steps.</summary>
public static class ShardSiloBuilderExtensions
{
    /// <summary>The longest a single step on one silo may take before the call fails.</summary>
    public static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Adds ShardML's grains' services; <paramref name="enableChaos"/> lets drivers inject faults here (tests, demos).</summary>
    /// <remarks>
    /// Jobs keep their records and checkpoints in <paramref name="state"/>; without one, a silo runs steps but no jobs.
    /// With <paramref name="reviveOrphansEvery"/>, the silo takes part in reviving jobs whose driver was lost
    /// (<see cref="OrphanedJobReviver"/>); a cluster's silos want it, the embedded silo does not. Secure aggregation signs
    /// with <paramref name="credentials"/>' certificate; without them (no TLS) the silo refuses it.
    /// </remarks>
    /// <remarks>
    /// Data is read only under <paramref name="dataRoots"/> (default: anywhere, as the embedded silo and tests do); calls from
    /// clients are checked against <paramref name="access"/> (default: not checked, as without TLS).
    /// </remarks>
    public static ISiloBuilder AddShardML(
        this ISiloBuilder silo,
        IEnumerable<Type> wireTypes,
        bool enableChaos = false,
        StateStore? state = null,
        TimeSpan? reviveOrphansEvery = null,
        SiloCredentials? credentials = null,
        DataRoots? dataRoots = null,
        AccessControl? access = null)
    {
        state?.Configure(silo);
        if (state is not null)
        {
            silo.Services.AddSingleton(state); // its name, for messages about a store that fails
        }
        if (state is not null && reviveOrphansEvery is { } interval)
        {
            silo.Services.AddHostedService(services => new OrphanedJobReviver(
                services.GetRequiredService<IGrainFactory>(), interval, services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OrphanedJobReviver>>()));
        }

        var registry = new WireTypeRegistry(wireTypes);
        silo.Services.AddSingleton(registry);
        silo.Services.AddSingleton(new DecodedSteps(registry));
        silo.Services.AddSingleton(new ChaosSwitch(enableChaos));
        silo.Services.AddSingleton<SiloPartitions>();
        silo.Services.AddSingleton<SiloStepRunner>();
        silo.Services.AddSingleton(new LoadMeters());
        silo.Services.AddSingleton<MemoryReclaimer>();
        credentials ??= SiloCredentials.None;
        silo.Services.AddSingleton(credentials);
        silo.Services.AddSingleton(new SecureSessions(credentials));
        silo.Services.AddSingleton(services => new Transfer.BulkEndpoint(
            services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Address,
            credentials,
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Transfer.BulkEndpoint>>()));
        silo.Services.AddSingleton(dataRoots ?? DataRoots.Any);
        silo.Services.AddSingleton(access ?? AccessControl.Open);
        silo.AddIncomingGrainCallFilter<AccessFilter>();
        if (credentials.Certificate is not null)
        {
            silo.AddOutgoingGrainCallFilter(new CallerTokenFilter(() => credentials.Token!, CallerTokenFilter.SiloKey)); // calls from this silo are the runtime's own
        }
        silo.AddPlacementDirector<SiloTargetedPlacement, SiloTargetedPlacementDirector>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = DefaultStepTimeout);
        return silo;
    }
}
