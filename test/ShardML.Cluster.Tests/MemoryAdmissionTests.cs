using System.Text;
using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// A dataset too large for the silos' memory is refused before it loads. Without admission, silos loading it ran out of
/// memory: killed by their cgroups (and, restarted, killed again by the job they revived) or failing with an
/// OutOfMemoryException and its stack trace. The silos here are processes whose heap is limited to 128 MiB
/// (<c>DOTNET_GCHeapHardLimit</c>, as a container's cgroup limit sets it); the data is 150 MB of one-digit CSV values,
/// which take twice that as floats. With the check off (<c>--no-memory-check</c>, today's behaviour before admission)
/// the first and the last test end with exit 1 and an OutOfMemoryException, and so does the placement test, whose
/// balanced placement overfills its small silo.
/// </summary>
public sealed class MemoryAdmissionTests : IAsyncLifetime, IDisposable
{
    private const string HeapLimit = "0x8000000"; // 128 MiB
    private readonly Samples _samples = new();
    private RedisServer? _redis;
    private SiloCluster? _cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_job_whose_data_exceeds_the_silos_memory_is_refused_with_exit_5_and_the_silos_then_serve_a_small_job()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await SiloCluster.StartAsync(_redis.Uri, silos: 2, tls: false, environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit });
        var data = OneDigitCsv(bytes: 150_000_000);

        var run = await CliRun.RunAsync(["train", "linreg", "--data", data, "--partitions", "4", "--job-id", "too-big", "--out", _samples.In("big.json"), .. _cluster.ClientArguments]);

        Assert.True(run.ExitCode == 5, $"exit {run.ExitCode}\n{run.StandardError}\n{_cluster.RecentLogs()}");
        Assert.Matches("the data needs 3[0-9][0-9] MB in memory, the cluster can hold [0-9]+ MB", run.StandardError);
        Assert.Contains("(2 silos:", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("--no-memory-check", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(_samples.In("big.json")));
        File.Delete(data);

        await using (var client = await _cluster.ConnectAsync())
        {
            // Failed in the registry, not left running for a restarted silo to revive.
            var job = await client.JobStatusAsync("too-big", CancellationToken.None);
            Assert.Equal(ShardML.Runtime.Jobs.JobStatus.Failed, job.Status);
            Assert.Equal(ShardML.Runtime.Jobs.JobErrorKind.Cluster, job.ErrorKind);
        }

        Assert.All(_cluster.Silos, s => Assert.False(s.HasExited, s.StandardError));
        var small = await CliRun.RunAsync(["train", "linreg", "--data", _samples.Housing, "--partitions", "4", "--out", _samples.In("small.json"), .. _cluster.ClientArguments]);
        Assert.True(small.ExitCode == 0, small.StandardError);
    }

    [Fact]
    public async Task A_silo_with_a_smaller_heap_gets_fewer_partitions_and_the_job_that_would_overfill_it_succeeds()
    {
        // 240 MB as floats in 12 partitions of 20 MB. Balanced, each of three silos takes four (80 MB): more than the
        // small silo's 96 MiB heap holds beside its own 30 or so. By capacity it takes what its room holds (two, by the
        // estimates), the big silos the rest.
        _redis = await RedisServer.StartAsync();
        _cluster = await SiloCluster.StartAsync(_redis.Uri, silos: 2, tls: false, environment: new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" });
        var small = await _cluster.AddSiloAsync(new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x6000000" });
        await _cluster.WaitUntilAllActiveAsync();
        var data = OneDigitCsv(bytes: 120_000_000);

        var run = await CliRun.RunAsync(["train", "linreg", "--data", data, "--partitions", "12", "--l2", "1", "--json", "--out", _samples.In("placed.json"), .. _cluster.ClientArguments]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StandardError}\n{_cluster.RecentLogs()}");
        Assert.False(small.HasExited, small.StandardError);
        Assert.Equal(3, run.Json().GetProperty("execution").GetProperty("perPass")[0].GetProperty("silos").GetInt32());
    }

    [Fact]
    public async Task The_embedded_silo_refuses_data_larger_than_its_process_can_hold_instead_of_running_out_of_memory()
    {
        var data = OneDigitCsv(bytes: 150_000_000);
        await using var process = ShardmlProcess.Start(
            _samples.Scratch,
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit },
            ["train", "linreg", "--data", data, "--out", _samples.In("embedded.json"), "--state-dir", _samples.In("state")]);

        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 5, $"exit {exit}\n{process.StandardError}");
        Assert.Matches("the data needs 3[0-9][0-9] MB in memory, the cluster can hold [0-9]+ MB", process.StandardError);
        Assert.Contains("(1 silo:", process.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.StandardError, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public void Dispose() => _samples.Dispose();

    /// <summary>
    /// About <paramref name="bytes"/> of CSV whose values are single digits: two bytes of text per value, four of
    /// memory, so the data takes twice its file's size once loaded. Written a block at a time, in well under a second.
    /// </summary>
    private string OneDigitCsv(long bytes)
    {
        const int columns = 16;
        var header = string.Join(',', Enumerable.Range(0, columns).Select(c => $"x{c}")) + ",y\n";
        var block = new StringBuilder();
        for (var i = 0; i < 16_384; i++)
        {
            block.Append(string.Join(',', Enumerable.Range(0, columns + 1).Select(c => (char)('0' + ((i + c) % 10))))).Append('\n');
        }

        var blockBytes = Encoding.ASCII.GetBytes(block.ToString());
        var path = _samples.In("big.csv");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(Encoding.ASCII.GetBytes(header));
        for (long written = 0; written < bytes; written += blockBytes.Length)
        {
            file.Write(blockBytes);
        }

        return path;
    }
}
