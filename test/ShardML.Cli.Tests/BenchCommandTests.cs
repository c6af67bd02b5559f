using System.Text.Json;

namespace ShardML.Cli.Tests;

/// <summary>The bench command's output shape on a tiny run. Timings are never checked: they depend on the machine.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task A_tiny_bench_reports_limits_timings_overhead_and_loading_for_every_workload_as_json()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--rows", "2000", "--sparse-rows", "2000", "--iterations", "2", "--warmup", "1", "--partitions", "2", "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var report = run.Json().GetProperty("report");
        var machine = report.GetProperty("machine");
        Assert.True(machine.GetProperty("readBandwidthAllThreads").GetDouble() > 0);
        Assert.True(machine.GetProperty("fmaPeakAllThreads").GetDouble() > 0);
        var workloads = report.GetProperty("workloads").EnumerateArray().ToArray();
        Assert.Equal(new[] { "kmeans", "gd", "sgd", "sparse-sgd" }, workloads.Select(w => w.GetProperty("name").GetString()));
        foreach (var workload in workloads)
        {
            Assert.Equal(2000, workload.GetProperty("rows").GetInt64());
            Assert.True(workload.GetProperty("limitMilliseconds").GetDouble() > 0);
            Assert.True(workload.GetProperty("direct").GetProperty("medianMilliseconds").GetDouble() > 0);
            Assert.True(workload.GetProperty("cluster").GetProperty("medianMilliseconds").GetDouble() > 0);
            Assert.True(workload.GetProperty("sameModel").GetBoolean(), "the embedded silo and the direct kernels must end with the same model bits");
            Assert.True(workload.GetProperty("load").GetProperty("csvMegabytesPerSecond").GetDouble() > 0);
            var split = workload.GetProperty("clusterSplit");
            Assert.True(split.GetProperty("computeMilliseconds").GetDouble() > 0);
            Assert.True(split.GetProperty("coordinationMilliseconds").GetDouble() >= 0);
        }

        // Dense data is loaded from CSV, .shard and a Parquet copy of the same rows; sparse data stays LibSVM.
        Assert.All(workloads[..3], w => Assert.True(w.GetProperty("load").GetProperty("parquetSeconds").GetDouble() > 0));
        Assert.Equal(JsonValueKind.Null, workloads[3].GetProperty("load").GetProperty("parquetSeconds").ValueKind);

        // An iteration is one pass for K-means and gradient descent, one per averaging round for SGD.
        Assert.Equal(1, workloads[0].GetProperty("clusterSplit").GetProperty("passesPerIteration").GetDouble());
        Assert.Equal(1, workloads[1].GetProperty("clusterSplit").GetProperty("passesPerIteration").GetDouble());
        Assert.True(workloads[2].GetProperty("clusterSplit").GetProperty("passesPerIteration").GetDouble() > 1);

        // 2000 rows learn the dense problem; 2000 sparse rows over 10⁵ features learn next to nothing.
        Assert.InRange(workloads[2].GetProperty("testAccuracy").GetDouble(), 0.6, 1.0);
        Assert.InRange(workloads[3].GetProperty("testAccuracy").GetDouble(), 0.0, 1.0);
        Assert.All(workloads[2..], w => Assert.NotEmpty(w.GetProperty("setup").GetString()!));
    }

    [Fact]
    public async Task An_unknown_sgd_row_order_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "sgd", "--sgd-row-order", "sorted", "--no-cluster");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--sgd-row-order must be uniform or shuffled-blocks, not 'sorted'", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task K_means_is_also_trained_in_a_new_process_and_its_first_iteration_and_whole_job_are_compared_with_its_warm_iterations()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "kmeans", "--rows", "4000", "--no-cluster", "--iterations", "1", "--warmup", "0", "--partitions", "2", "--cold-runs", "2", "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        var cold = run.Json().GetProperty("report").GetProperty("workloads")[0].GetProperty("coldStart");
        Assert.Equal(2, cold.GetProperty("runs").GetInt32());
        var perRun = cold.GetProperty("perRun").EnumerateArray().ToArray();
        Assert.Equal(2, perRun.Length);
        foreach (var job in perRun)
        {
            var iterations = job.GetProperty("iterationMilliseconds").EnumerateArray().Select(t => t.GetDouble()).ToArray();
            Assert.InRange(iterations.Length, 4, 10); // --quick: 10 at most; the centers may stop moving sooner
            Assert.All(iterations, t => Assert.True(t > 0));
            Assert.True(job.GetProperty("trainingSeconds").GetDouble() * 1e3 > iterations.Sum(), "the training time covers its iterations");
            Assert.True(job.GetProperty("processSeconds").GetDouble() > job.GetProperty("trainingSeconds").GetDouble());
        }

        Assert.True(cold.GetProperty("firstToWarmRatio").GetDouble() > 0);
        Assert.True(cold.GetProperty("jobRatio").GetDouble() > 0);
        Assert.Equal(5, cold.GetProperty("firstIterations").GetArrayLength());
        Assert.Contains("cold start (2 jobs", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_workload_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "svm", "--no-cluster");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("workloads are kmeans, gd, sgd, sparse-sgd", run.StandardError);
    }

    [Fact]
    public async Task The_exchange_starts_a_second_silo_process_and_times_a_payload_both_ways_on_both_paths_with_the_same_bits()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "exchange", "--ballast-gb", "0.1", "--json");

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(100_000_000, run.Json().GetProperty("report").GetProperty("exchangeBallastBytes").GetInt64());
        Assert.Contains("holding 0.1 GB of live arrays", run.StandardError, StringComparison.Ordinal);
        var exchange = run.Json().GetProperty("report").GetProperty("exchange");
        Assert.Equal(8_000_000, exchange.GetProperty("bytes").GetInt64());
        Assert.True(exchange.GetProperty("sameBits").GetBoolean());
        foreach (var path in new[] { "messages", "dataPlane" })
        {
            Assert.True(exchange.GetProperty(path).GetProperty("uploadGigabytesPerSecond").GetDouble() > 0, path);
            Assert.True(exchange.GetProperty(path).GetProperty("downloadGigabytesPerSecond").GetDouble() > 0, path);
        }

        Assert.Empty(run.Json().GetProperty("report").GetProperty("workloads").EnumerateArray());
    }

    [Fact]
    public async Task The_exchange_without_the_embedded_silo_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "exchange", "--no-cluster");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("the exchange needs the embedded silo", run.StandardError);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public async Task A_ballast_that_is_not_a_number_of_gigabytes_is_a_usage_error(string gigabytes)
    {
        var run = await CliRun.RunAsync("bench", "--quick", "--workload", "exchange", "--ballast-gb", gigabytes);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--ballast-gb takes a number of gigabytes, 0 or more", run.StandardError, StringComparison.Ordinal);
    }
}
