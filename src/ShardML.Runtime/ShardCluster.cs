using MemoryPack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Hosting;
using ShardML.Runtime.Jobs;
using ShardML.Runtime.Messages;

namespace ShardML.Runtime;

/// <summary>
/// A connection to a ShardML cluster: the entry point for planning and loading datasets on it.
/// <see cref="StartEmbeddedAsync"/> runs one silo inside this process (the default: nothing to set up);
/// <see cref="ConnectAsync"/> joins a running cluster as an Orleans client; <see cref="FromGrainFactory"/> wraps a
/// cluster reached some other way (a test cluster, code running inside a grain).
/// </summary>
public sealed class ShardCluster : IAsyncDisposable
{
    private readonly IHost? _host;
    private readonly IGrainFactory _grains;
    private readonly WireTypeRegistry _wire;
    private readonly IMembershipView _membership;
    private readonly ILoggerFactory _loggers;

    private ShardCluster(IHost? host, IGrainFactory grains, WireTypeRegistry wire, ILoggerFactory loggers, System.Security.Cryptography.X509Certificates.X509Certificate2? authority = null)
    {
        _host = host;
        _grains = grains;
        _wire = wire;
        _loggers = loggers;
        _membership = authority is null
            ? new ManagementMembershipView(grains)
            : new Security.VerifiedMembershipView(new ManagementMembershipView(grains), grains, authority, loggers.CreateLogger<ShardCluster>()); // place only on silos that prove to be the cluster's
    }

    /// <summary>How the driver copes with silos that fail or leave; the defaults suit most clusters.</summary>
    public ClusterExecutorOptions ExecutorOptions { get; set; } = new();

    /// <summary>Where the cluster is, for messages: "embedded" or the membership store.</summary>
    public string Description { get; private init; } = "embedded";

    /// <summary>Starts one in-process silo on free loopback ports and connects to it.</summary>
    /// <remarks>Jobs keep their records and checkpoints in <paramref name="state"/> (default: files under the user's local data).</remarks>
    public static async Task<ShardCluster> StartEmbeddedAsync(
        IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken, bool enableChaos = false, StateStore? state = null)
    {
        var types = wireTypes.ToArray();
        var host = ShardSilo.Build(ShardSilo.Embedded() with { EnableChaos = enableChaos, State = state }, types, logging);
        await host.StartAsync(cancellationToken);
        return new ShardCluster(host, host.Services.GetRequiredService<IGrainFactory>(), new WireTypeRegistry(types), host.Services.GetRequiredService<ILoggerFactory>());
    }

    /// <summary>
    /// Connects to a running cluster as an Orleans client, through its membership store, with mutual TLS when
    /// <see cref="ClusterConnection.Certificates"/> are given. Fails if no silo of the cluster accepts the connection.
    /// </summary>
    public static async Task<ShardCluster> ConnectAsync(
        ClusterConnection connection, IEnumerable<Type> wireTypes, Action<ILoggingBuilder>? logging, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        Security.ClusterCertificateValidator? validator = null;
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = connection.ClusterId;
                o.ServiceId = ClusterConnection.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ShardSiloBuilderExtensions.DefaultStepTimeout);
            // Gateways are found in the membership table: silos that joined again (a store restarted empty) have new
            // generations, which a client learned of only at its next refresh, a minute later by default. And a client
            // sends all calls to one grain through one gateway for as long as that gateway is listed alive, so calls
            // through a frozen gateway go unanswered until the table says it is dead and the client has read that.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            connection.Membership.Configure(client);
            if (connection.Certificates is { } certificates)
            {
                validator = TransportSecurity.Apply(client, certificates);
                // Every call names this client by its certificate, which the silos check against the cluster's CA and policy.
                var token = new Security.NodeToken(certificates.Certificate, TimeProvider.System);
                client.AddOutgoingGrainCallFilter(new Security.CallerTokenFilter(() => token.Current, Security.CallerTokenFilter.ClientKey));
            }
        });
        var host = builder.Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        validator?.AttachLogger(loggers);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connection.ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Asynchronously: the Orleans client's services only release their connections cleanly that way.
            await ((IAsyncDisposable)host).DisposeAsync();
            var why = e is OperationCanceledException ? $"no gateway accepted the connection within {connection.ConnectTimeout.TotalSeconds:0} s" : e.Message;
            throw new ClusterUnavailableException(
                $"could not connect to cluster '{connection.ClusterId}' through {connection.Membership.Display}: {why} (are its silos running, with certificates from the same CA, or all --insecure?)", e);
        }

        return new ShardCluster(host, host.Services.GetRequiredService<IClusterClient>(), new WireTypeRegistry(wireTypes), loggers, connection.Certificates?.Authority)
        {
            Description = $"cluster '{connection.ClusterId}' ({connection.Membership.Display})",
        };
    }

    /// <summary>Uses a cluster reached through <paramref name="grains"/>, whose silos were built with <c>AddShardML</c>.</summary>
    public static ShardCluster FromGrainFactory(IGrainFactory grains, IEnumerable<Type> wireTypes, ILoggerFactory? loggers = null) =>
        new(null, grains, new WireTypeRegistry(wireTypes), loggers ?? NullLoggerFactory.Instance);

    /// <summary>The active silos' addresses, sorted.</summary>
    public Task<IReadOnlyList<string>> ActiveSilosAsync(CancellationToken cancellationToken = default) =>
        _membership.ActiveSilosAsync(cancellationToken);

    /// <summary>Every silo in the membership table, active or not, with what the active ones hold.</summary>
    public async Task<IReadOnlyList<SiloStatusReport>> StatusAsync(CancellationToken cancellationToken)
    {
        var hosts = await TransientCalls.RetryAsync(
            () => _grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, CancellationToken.None).WaitAsync(cancellationToken), "reading membership", ExecutorOptions, cancellationToken);
        var reports = await Task.WhenAll(hosts.Select(async h =>
        {
            var address = h.SiloAddress.ToParsableString();
            var status = h.Status.ToString();
            SiloDescription? description = null;
            if (h.Status == SiloStatus.Active)
            {
                try
                {
                    description = await _grains.GetGrain<ISiloAggregatorGrain>(address).DescribeAsync().WaitAsync(CallTimeout, cancellationToken);
                }
                catch (Exception e) when (TransientCalls.IsTransient(e) && !cancellationToken.IsCancellationRequested)
                {
                    // Dead or stopped, and not declared dead yet: what status is for is saying so, not failing.
                    status = "NotAnswering";
                }
            }

            return new SiloStatusReport(address, h.SiloName, h.HostName, status, h.StartTime, description);
        }));
        return [.. reports.OrderBy(r => r.Status == "Active" ? 0 : 1).ThenBy(r => r.Address, StringComparer.Ordinal)];
    }

    /// <summary>The jobs the cluster's registry lists as running, each as its driver reports it (without another's model where access is enforced).</summary>
    public async Task<IReadOnlyList<JobStatusReport>> RunningJobsAsync(CancellationToken cancellationToken)
    {
        var ids = await _grains.GetGrain<IJobRegistryGrain>(0).RunningAsync().WaitAsync(cancellationToken);
        return await Task.WhenAll(ids.Select(id => JobStatusAsync(id, cancellationToken)));
    }

    /// <summary>
    /// Every job the cluster keeps a record of — running, stopped, failed, or finished and not yet forgotten — each as its
    /// driver reports it, without resuming one whose driver was lost; a job that does not answer is listed with status
    /// Unknown and why.
    /// </summary>
    public async Task<IReadOnlyList<JobStatusReport>> KeptJobsAsync(CancellationToken cancellationToken)
    {
        var ids = await _grains.GetGrain<IJobRegistryGrain>(0).KeptAsync().WaitAsync(cancellationToken);
        return await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return await _grains.GetGrain<IJobGrain>(id).DescribeAsync().WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                return new JobStatusReport { JobId = id, Status = JobStatus.Unknown, Error = e.Message };
            }
        }));
    }

    /// <summary>The audit trail, oldest first: submissions, stops, resumes and refusals (the admin permission where access is enforced).</summary>
    public Task<IReadOnlyList<Audit.AuditEntry>> AuditAsync(CancellationToken cancellationToken) => Audit.AuditTrail.ReadAsync(_grains, cancellationToken);

    /// <summary>
    /// Each active silo's cores, memory and partitions. A silo that just died may still be listed until membership
    /// declares it dead, and then does not answer: the whole question is asked again, under the recovery timeout.
    /// </summary>
    public Task<IReadOnlyList<SiloDescription>> DescribeAsync(CancellationToken cancellationToken) =>
        TransientCalls.RetryAsync<IReadOnlyList<SiloDescription>>(
            async () =>
            {
                var silos = await ActiveSilosAsync(cancellationToken);
                return await Task.WhenAll(silos.Select(s => _grains.GetGrain<ISiloAggregatorGrain>(s).DescribeAsync().WaitAsync(CallTimeout, cancellationToken)));
            },
            "describing the silos",
            ExecutorOptions,
            cancellationToken);

    /// <summary>How long one short call to a silo may take: a silo that stopped (SIGSTOP) keeps its connection and never answers.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Twice the cluster's cores: enough partitions to keep every core busy while balancing uneven ones.</summary>
    public async Task<int> DefaultPartitionCountAsync(CancellationToken cancellationToken)
    {
        var silos = await DescribeAsync(cancellationToken);
        return Math.Max(1, 2 * silos.Sum(s => s.Cores));
    }

    /// <summary>Plans <paramref name="options"/> on a silo, where the data is: the client needs only the path.</summary>
    public async Task<DatasetPlan> PlanAsync(DatasetOptions options, int partitionCount, CancellationToken cancellationToken)
    {
        var encoded = MemoryPackSerializer.Serialize(options);
        var reply = await TransientCalls.RetryAsync(
            () => _grains.GetGrain<IDatasetPlannerGrain>(0).PlanAsync(encoded, partitionCount, cancellationToken), "planning the data", ExecutorOptions, cancellationToken);
        if (reply.Error is { } error)
        {
            throw error.ToException();
        }

        return MemoryPackSerializer.Deserialize<DatasetPlan>(reply.Plan)
            ?? throw new InvalidOperationException("the planner returned no plan");
    }

    /// <summary>
    /// Writes a masked copy of a CSV dataset for sharing (<see cref="Core.Data.Masking.MaskOptions"/>): planned into
    /// <paramref name="partitionCount"/> partitions on a silo, each partition's part written on some silo (a failed one
    /// tried again elsewhere, up to three times; a part is written whole or not at all), then the manifest.
    /// </summary>
    public async Task<Core.Data.Masking.MaskManifest> MaskAsync(Core.Data.Masking.MaskOptions options, int partitionCount, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(options.PlanOptions, partitionCount, cancellationToken);
        if (options.Validate(plan.Schema.FeatureNames) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var encoded = MemoryPackSerializer.Serialize(options);
        var run = Guid.NewGuid().ToString("N");
        await _grains.GetGrain<IMaskWriterGrain>($"{run}/prepare").PrepareAsync(encoded, cancellationToken);
        var parts = await Task.WhenAll(plan.Partitions.Select(p => WritePartAsync(run, encoded, p, cancellationToken)));
        var manifest = await _grains.GetGrain<IMaskWriterGrain>($"{run}/finish").FinishAsync(encoded, parts, plan.Schema.FeatureNames, cancellationToken);
        return Core.Data.Masking.MaskManifest.Parse(manifest);
    }

    private async Task<MaskPartReply> WritePartAsync(string run, byte[] options, PartitionSource source, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var reply = await _grains.GetGrain<IMaskWriterGrain>($"{run}/{source.Index}/{attempt}").WritePartAsync(options, MemoryPackSerializer.Serialize(source), cancellationToken);
                return reply.Error is { } error ? throw error.ToException() : reply;
            }
            catch (Exception e) when (attempt < 2 && e is not (DataFormatException or ArgumentException or Security.AccessDeniedException or OperationCanceledException))
            {
                // Another key, so possibly another silo: the part is written whole or not at all, so writing it again is safe.
            }
        }
    }

    /// <summary>Loads every partition of <paramref name="plan"/> on the silo chosen for it; each silo reads its own byte ranges.</summary>
    public Task<ClusterExecutor> LoadAsync(DatasetPlan plan, CancellationToken cancellationToken) => LoadAsync(plan, ExecutorOptions, cancellationToken);

    /// <summary>Loads <paramref name="plan"/> for passes run with <paramref name="options"/> rather than <see cref="ExecutorOptions"/>.</summary>
    public Task<ClusterExecutor> LoadAsync(DatasetPlan plan, ClusterExecutorOptions options, CancellationToken cancellationToken) =>
        LoadPreparedAsync(plan, options, progress: null, cancellationToken);

    /// <summary>
    /// Loads every partition of <paramref name="plan"/> on the silo chosen for it, reporting the bytes and rows read as
    /// they are; a plan that asks for preprocessing is profiled first (<see cref="Core.Data.Preprocessing.DatasetPreparation"/>).
    /// </summary>
    public Task<ClusterExecutor> LoadAsync(DatasetPlan plan, IProgress<Core.Execution.LoadProgress>? progress, CancellationToken cancellationToken) =>
        LoadPreparedAsync(plan, ExecutorOptions, progress, cancellationToken);

    private async Task<ClusterExecutor> LoadPreparedAsync(
        DatasetPlan plan, ClusterExecutorOptions options, IProgress<Core.Execution.LoadProgress>? progress, CancellationToken cancellationToken)
    {
        plan = await Core.Data.Preprocessing.DatasetPreparation.PrepareAsync(plan, async (profile, ct) => await LoadPlannedAsync(profile, options, progress, ct), cancellationToken);
        return await LoadPlannedAsync(plan, options, progress, cancellationToken);
    }

    private Task<ClusterExecutor> LoadPlannedAsync(
        DatasetPlan plan, ClusterExecutorOptions options, IProgress<Core.Execution.LoadProgress>? progress, CancellationToken cancellationToken) =>
        ClusterExecutor.LoadAsync(_grains, _wire, _membership, plan, options, LocalSilo, _host?.Services.GetService<SiloStepRunner>(), _loggers.CreateLogger<ClusterExecutor>(), progress, cancellationToken);

    /// <summary>The embedded silo's address; null for a client, which has no silo in its process.</summary>
    /// <summary>
    /// Times moving <paramref name="bytes"/> to a silo of another process and back, <paramref name="rounds"/> times, as a
    /// big step and a big summary travel: through Orleans messages and through the data plane (the silo is the first
    /// active one not in this process). Throws <see cref="ClusterUnavailableException"/> when there is none.
    /// </summary>
    public async Task<Transfer.ExchangeMeasurement> MeasureExchangeAsync(int bytes, int rounds, CancellationToken cancellationToken)
    {
        var local = LocalSilo;
        var silos = await ActiveSilosAsync(cancellationToken);
        var remote = silos.FirstOrDefault(s => !string.Equals(s, local, StringComparison.Ordinal))
            ?? throw new ClusterUnavailableException($"no silo outside this process to exchange with: {silos.Count} active silo(s), all here");
        return await Transfer.ExchangeProbe.MeasureAsync(_grains.GetGrain<ISiloAggregatorGrain>(remote), remote, bytes, rounds, ExecutorOptions, cancellationToken);
    }

    /// <summary>The silo endpoint of the silo in this process (the embedded one), which others on this machine may join (<c>local://</c> membership); null for a client.</summary>
    public System.Net.IPEndPoint? LocalSiloEndpoint => _host?.Services.GetService<ILocalSiloDetails>()?.SiloAddress.Endpoint;

    private string? LocalSilo => _host?.Services.GetService<ILocalSiloDetails>()?.SiloAddress.ToParsableString();

    /// <summary>
    /// Starts <paramref name="job"/> on <paramref name="plan"/> under <paramref name="jobId"/>; its driver runs on a silo,
    /// so the job carries on if this client goes away. Starting an id that exists reports on that job instead.
    /// </summary>
    public Task<JobStatusReport> SubmitAsync(string jobId, ITrainingJob job, DatasetPlan plan, JobSettings settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (settings.Executor.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        var encoded = _wire.Encode(job);
        var submission = new JobSubmission(encoded.TypeName, encoded.Body, MemoryPackSerializer.Serialize(plan), settings);
        // Submitting the same job again reports on it (JobGrain.StartAsync), so a submission lost with a silo is sent again.
        return TransientCalls.RetryAsync(
            () => _grains.GetGrain<IJobGrain>(jobId).StartAsync(submission).WaitAsync(cancellationToken), $"submitting job {jobId}", ExecutorOptions, cancellationToken);
    }

    /// <summary>Where job <paramref name="jobId"/> stands; asking revives a job whose driver's silo died.</summary>
    public Task<JobStatusReport> JobStatusAsync(string jobId, CancellationToken cancellationToken) =>
        _grains.GetGrain<IJobGrain>(jobId).StatusAsync().WaitAsync(cancellationToken);

    /// <summary>Resumes a stopped or failed job from its last good checkpoint, with <paramref name="changes"/> to its settings (or none).</summary>
    public Task<JobStatusReport> ResumeJobAsync(string jobId, JobSettingsOverride? changes, CancellationToken cancellationToken) =>
        TransientCalls.RetryAsync(() => _grains.GetGrain<IJobGrain>(jobId).ResumeAsync(changes).WaitAsync(cancellationToken), $"resuming job {jobId}", ExecutorOptions, cancellationToken);

    /// <summary>Deletes a finished job's record and checkpoints (after its result was delivered).</summary>
    public Task ForgetJobAsync(string jobId, CancellationToken cancellationToken) =>
        TransientCalls.RetryAsync(
            async () =>
            {
                await _grains.GetGrain<IJobGrain>(jobId).ForgetAsync().WaitAsync(cancellationToken);
                return true;
            },
            $"forgetting job {jobId}",
            ExecutorOptions,
            cancellationToken);

    /// <summary>Stops a job, keeping its checkpoints so it can be resumed.</summary>
    public Task<JobStatusReport> StopJobAsync(string jobId, CancellationToken cancellationToken) =>
        TransientCalls.RetryAsync(() => _grains.GetGrain<IJobGrain>(jobId).StopAsync().WaitAsync(cancellationToken), $"stopping job {jobId}", ExecutorOptions, cancellationToken);

    /// <summary>
    /// Polls the job until it finishes, reporting each status. A poll that fails because the driver's silo just died
    /// is repeated: the next one activates the driver on a surviving silo, which resumes the job. A poll that does not
    /// answer within <see cref="PollTimeout"/> is given up and sent again: it went through a gateway (or to a driver)
    /// that is frozen, and waiting out its response timeout would keep the client from seeing the job end for 15 s
    /// after membership declared that silo dead.
    /// </summary>
    public async Task<JobStatusReport> WaitForJobAsync(string jobId, IProgress<JobStatusReport>? progress, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var failingSince = (DateTime?)null;
        var known = false;
        while (true)
        {
            JobStatusReport status;
            try
            {
                status = await JobStatusAsync(jobId, cancellationToken).WaitAsync(PollTimeout, cancellationToken);
                failingSince = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Orleans also ends a call with OperationCanceledException when its message expired waiting for a placement
                // while silos died ("Message expired before placement could complete"): a failed poll like any other.
                failingSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - failingSince > ExecutorOptions.RecoveryTimeout)
                {
                    throw new ClusterUnavailableException($"job {jobId}: its driver did not answer for {ExecutorOptions.RecoveryTimeout.TotalSeconds:0} s (last failure: {FailureText.Of(e)})", e);
                }

                await Task.Delay(pollInterval, cancellationToken);
                continue;
            }

            if (status.Status == JobStatus.Unknown && known)
            {
                // Its record was there and is gone: the store was wiped (a Redis restarted without persistence) or the
                // job forgotten by another client. Either way nothing is left to resume.
                throw new ClusterUnavailableException($"job {jobId}: the state store lost it (its record is gone; was {Description}'s state store restarted empty?); nothing is left to resume: start it again");
            }

            known |= status.Status != JobStatus.Unknown;
            progress?.Report(status);
            if (status.IsFinished)
            {
                return status;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>The longest one status poll is waited for: a driver answers from memory, in milliseconds.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(3);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await ((IAsyncDisposable)_host).DisposeAsync();
        }
    }
}

/// <summary>One silo as the membership table lists it, and, when active, what it holds.</summary>
public sealed record SiloStatusReport(string Address, string Name, string HostName, string Status, DateTime StartTime, SiloDescription? Description);
