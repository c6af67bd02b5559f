using System.Security.Cryptography.X509Certificates;
using MemoryPack;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ShardML.Algorithms;
using ShardML.Core.Data;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Tests.Security;

/// <summary>
/// The access filter on silos that enforce a policy: a call from a silo — a grain's, or a hosted service's — runs as the
/// runtime's own; a client's needs a token of the cluster's CA and a grant that reaches the method's level.
/// </summary>
public sealed class AccessFilterTests : IAsyncLifetime
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly X509Certificate2 _authority = CertificateAuthority.CreateAuthority("access-test-ca", Day);
    private readonly List<IDisposable> _owned = [];
    private readonly string _state = Directory.CreateTempSubdirectory("shardml-access-").FullName; // the job registry keeps its list in the job state store
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var policy = AccessPolicy.Parse("""{"grants": {"bob": "read"}}""", "test policy");
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) =>
        {
            var certificates = Issue(options.SiloName, CertificateRole.Silo);
            silo.AddShardML(AlgorithmCatalog.WireTypes, state: new FileStateStore(_state), credentials: new SiloCredentials(certificates, embedded: false), access: new AccessControl(certificates.Authority, policy));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task A_call_from_a_silo_outside_any_grain_runs_as_the_runtimes_own()
    {
        var grains = _cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

        Assert.NotNull(await grains.GetGrain<IJobRegistryGrain>(0).RunningAsync());
        await grains.GetGrain<IJobRegistryGrain>(0).ReviveAsync(); // for silos only
    }

    [Fact]
    public async Task A_client_without_a_token_is_refused()
    {
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _cluster.Client.GetGrain<IJobRegistryGrain>(0).RunningAsync());

        Assert.Contains("no client token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_client_may_list_jobs_but_not_plan_and_nobody_may_call_what_is_for_silos()
    {
        using var bob = Issue("bob", CertificateRole.Client);
        var token = CallerToken.Issue(bob.Certificate, DateTimeOffset.UtcNow);
        RequestContext.Set(CallerTokenFilter.ClientKey, token);
        try
        {
            Assert.NotNull(await _cluster.Client.GetGrain<IJobRegistryGrain>(0).RunningAsync());
            var plan = await Assert.ThrowsAsync<AccessDeniedException>(() =>
                _cluster.Client.GetGrain<IDatasetPlannerGrain>(0).PlanAsync(MemoryPackSerializer.Serialize(new DatasetOptions { Path = "/nowhere.csv" }), 1, CancellationToken.None));
            var revive = await Assert.ThrowsAsync<AccessDeniedException>(() => _cluster.Client.GetGrain<IJobRegistryGrain>(0).ReviveAsync());

            Assert.Contains("'bob'", plan.Message, StringComparison.Ordinal);
            Assert.Contains("'train' permission", plan.Message, StringComparison.Ordinal);
            Assert.Contains("for silos only", revive.Message, StringComparison.Ordinal);
        }
        finally
        {
            RequestContext.Remove(CallerTokenFilter.ClientKey);
        }
    }

    [Fact]
    public async Task A_token_from_another_CA_is_refused()
    {
        using var stranger = CertificateAuthority.CreateAuthority("another-ca", Day);
        using var mallory = CertificateAuthority.Issue(stranger, "bob", CertificateRole.Client, [], Day);
        RequestContext.Set(CallerTokenFilter.ClientKey, CallerToken.Issue(mallory, DateTimeOffset.UtcNow));
        try
        {
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _cluster.Client.GetGrain<IJobRegistryGrain>(0).RunningAsync());

            Assert.Contains("is not the cluster's", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            RequestContext.Remove(CallerTokenFilter.ClientKey);
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _owned.ForEach(o => o.Dispose());
        _authority.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    private ClusterCertificates Issue(string name, CertificateRole role)
    {
        var issued = new ClusterCertificates(X509CertificateLoader.LoadCertificate(_authority.RawData), CertificateAuthority.Issue(_authority, name, role, ["127.0.0.1"], Day));
        lock (_owned)
        {
            _owned.Add(issued);
        }

        return issued;
    }
}
