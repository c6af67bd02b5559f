using System.Text.Json;
using ShardML.Cluster.Tests.Support;

namespace ShardML.Cluster.Tests;

/// <summary>
/// Who may do what on silo processes that enforce data roots and an access policy: every refusal exits with 6, says
/// who was refused what, reveals nothing of a refused file, and lands in the audit trail.
/// </summary>
public sealed class AccessControlTests(AccessControlFixture fixture) : IClassFixture<AccessControlFixture>
{
    private static readonly string[] Regression = ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.5", "--max-iter", "20", "--partitions", "4"];

    [Fact]
    public async Task A_path_outside_the_data_roots_is_refused_without_revealing_whether_it_exists_or_what_it_holds()
    {
        var inside = await TrainAsAsync("alice", Path.Combine(fixture.Root, "housing.csv"));
        var secret = Path.Combine(fixture.Outside, "secret.csv");
        var missing = Path.Combine(fixture.Outside, "no-such-file.csv");
        var refusals = new Dictionary<string, CliRun>
        {
            [secret] = await TrainAsAsync("alice", secret),
            [missing] = await TrainAsAsync("alice", missing),
            [Path.Combine(fixture.Root, "linked.csv")] = await TrainAsAsync("alice", Path.Combine(fixture.Root, "linked.csv")), // a link out of the root
            [Path.Combine(fixture.Root, "..", "private", "secret.csv")] = await TrainAsAsync("alice", Path.Combine(fixture.Root, "..", "private", "secret.csv")),
        };

        Assert.True(inside.ExitCode == 0, inside.StandardError);
        var messages = new List<string>();
        foreach (var (path, run) in refusals)
        {
            Assert.Equal(ShardML.Cli.ExitCodes.Refused, run.ExitCode);
            var message = run.Json().GetProperty("error").GetProperty("message").GetString()!;
            Assert.Equal("refused", run.Json().GetProperty("error").GetProperty("kind").GetString());
            Assert.Contains("outside the silos' data roots", message, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("password", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
            messages.Add(message.Replace(Path.GetFullPath(path), "PATH", StringComparison.Ordinal)); // the client passes '..' resolved
        }

        Assert.Single(messages.Distinct()); // the same words whether the file exists, is missing, or is reached by a link or '..'
        await WaitForAsync(e => e.GetProperty("identity").GetString() == "alice" && e.GetProperty("action").GetString() == "refused" && e.GetProperty("dataPath").GetString() == secret, "the refusal of alice's secret.csv");
    }

    [Fact]
    public async Task A_read_client_may_see_the_cluster_but_not_submit_and_the_refusal_is_audited()
    {
        var status = await CliRun.RunAsync(["cluster", "status", "--json", .. fixture.Cluster.ClientArgumentsAs("bob")]);
        var submit = await TrainAsAsync("bob", Path.Combine(fixture.Root, "housing.csv"));
        var audit = await WaitForAsync(e => e.GetProperty("identity").GetString() == "bob", "bob's refusal");
        var bobsAudit = await CliRun.RunAsync(["cluster", "audit", "--json", .. fixture.Cluster.ClientArgumentsAs("bob")]);

        Assert.True(status.ExitCode == 0, status.StandardError);
        Assert.Equal(ShardML.Cli.ExitCodes.Refused, submit.ExitCode);
        Assert.Contains("'bob'", submit.StandardError, StringComparison.Ordinal);
        Assert.Contains("'train' permission", submit.StandardError, StringComparison.Ordinal);
        Assert.Contains(audit, e => e.GetProperty("identity").GetString() == "bob" && e.GetProperty("action").GetString() == "refused"
            && e.GetProperty("dataPath").GetString()!.EndsWith("housing.csv", StringComparison.Ordinal)); // refused when planning, before any algorithm is named
        Assert.True(bobsAudit.ExitCode == ShardML.Cli.ExitCodes.Refused, bobsAudit.StandardError); // the trail is for admins
    }

    [Fact]
    public async Task A_train_client_may_not_stop_another_clients_job_and_its_owner_may()
    {
        var jobId = "alice-long-" + Guid.NewGuid().ToString("N")[..6];
        // Alice's client is a process of its own: commands run in this process one at a time.
        await using var running = ShardmlProcess.Start(
            fixture.Cluster.Directory,
            ["train", "linreg", "--solver", "gd", "--standardize", "--learning-rate", "0.01", "--max-iter", "1000000", "--tol", "0", "--job-id", jobId,
             "--data", Path.Combine(fixture.Root, "housing.csv"), "--json", .. fixture.Cluster.ClientArgumentsAs("alice")]);
        await WaitForAsync(e => e.GetProperty("jobId").GetString() == jobId && e.GetProperty("action").GetString() == "submit", "alice's submission");

        var carol = await CliRun.RunAsync(["train", "--stop", jobId, "--json", .. fixture.Cluster.ClientArgumentsAs("carol")]);
        var alice = await CliRun.RunAsync(["train", "--stop", jobId, "--json", .. fixture.Cluster.ClientArgumentsAs("alice")]);
        await running.WaitForExitAsync(TimeSpan.FromSeconds(60)); // its job stopped, the follower ends
        var audit = await WaitForAsync(e => e.GetProperty("jobId").GetString() == jobId && e.GetProperty("identity").GetString() == "carol", "carol's refusal");

        Assert.Equal(ShardML.Cli.ExitCodes.Refused, carol.ExitCode);
        Assert.Contains($"belongs to 'alice'", carol.Json().GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(alice.ExitCode == 0, alice.StandardError);
        Assert.Equal("stopped", alice.Json().GetProperty("status").GetString());
        Assert.Contains(audit, e => e.GetProperty("jobId").GetString() == jobId && e.GetProperty("identity").GetString() == "carol" && e.GetProperty("action").GetString() == "refused");
        Assert.Contains(audit, e => e.GetProperty("jobId").GetString() == jobId && e.GetProperty("identity").GetString() == "alice" && e.GetProperty("action").GetString() == "stop");
    }

    [Fact]
    public async Task A_masked_copy_is_written_by_the_silos_inside_the_data_roots_and_one_outside_them_is_refused()
    {
        var key = Path.Combine(fixture.Root, "mask-" + Guid.NewGuid().ToString("N")[..6] + ".key");
        await File.WriteAllBytesAsync(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var inside = Path.Combine(fixture.Root, "masked-" + Guid.NewGuid().ToString("N")[..6]);
        string[] mask = ["mask", "--data", Path.Combine(fixture.Root, "housing.csv"), "--key", key, "--round", "rooms=1", "--noise", "price=1000", "--partitions", "5", "--json"];

        var written = await CliRun.RunAsync([.. mask, "--out", inside, .. fixture.Cluster.ClientArgumentsAs("alice")]);
        var outside = await CliRun.RunAsync([.. mask, "--out", Path.Combine(fixture.Outside, "masked"), .. fixture.Cluster.ClientArgumentsAs("alice")]);

        Assert.True(written.ExitCode == 0, written.StandardError);
        Assert.Equal(5, Directory.GetFiles(inside, "part-*.csv").Length);
        Assert.True(File.Exists(Path.Combine(inside, "manifest.json")));
        Assert.Equal(ShardML.Cli.ExitCodes.Refused, outside.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(fixture.Outside, "masked")));
    }

    private Task<CliRun> TrainAsAsync(string identity, string data) =>
        CliRun.RunAsync([.. Regression, "--data", data, "--json", .. fixture.Cluster.ClientArgumentsAs(identity)]);

    private async Task<JsonElement[]> AuditAsync()
    {
        var run = await CliRun.RunAsync(["cluster", "audit", "--json", .. fixture.Cluster.ClientArguments]);
        Assert.True(run.ExitCode == 0, run.StandardError);
        return [.. run.Json().GetProperty("entries").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The audit trail once it holds an entry <paramref name="matches"/> accepts (refusals are written as they are made, without waiting).</summary>
    private async Task<JsonElement[]> WaitForAsync(Func<JsonElement, bool> matches, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var audit = await AuditAsync();
            if (audit.Any(matches))
            {
                return audit;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the audit trail did not show {what} within a minute");
            await Task.Delay(500);
        }
    }
}
