using System.Text.Json;
using ShardML.Bench;

namespace ShardML.Bench.Tests;

/// <summary>The cold-start report's shape and arithmetic, from job reports written here; timings are never measured.</summary>
public sealed class ColdStartTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_job_report_gives_its_training_time_and_one_time_per_iteration_without_the_final_inertia_pass()
    {
        var json = JobJson(seconds: 1.27, iterations: 5, passes: [("LloydStep", 0.186), ("LloydStep", 0.113), ("LloydStep", 0.108), ("LloydStep", 0.031), ("LloydStep", 0.030), ("LloydStep", 0.032), ("ClusteringEvaluationStep", 0.05)]);

        var run = ColdStart.Parse(json, processSeconds: 3.5);

        Assert.Equal(1.27, run.TrainingSeconds);
        Assert.Equal(3.5, run.ProcessSeconds);
        Assert.Equal(new[] { 186.0, 113.0, 108.0, 31.0, 30.0 }, run.IterationMilliseconds.Select(t => Math.Round(t, 6)));
        Assert.Equal(31.0, run.WarmIterationMilliseconds, 6); // the median of the second half: 108, 31, 30
        Assert.Equal(186.0 / 31.0, run.FirstToWarmRatio, 6);
        Assert.Equal(1270.0 / (5 * 31.0), run.JobRatio, 6);
    }

    [Fact]
    public void A_report_that_dropped_passes_or_lacks_iterations_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ColdStart.Parse(JobJson(1, 3, [("LloydStep", 0.1), ("LloydStep", 0.1)]), 2));
        Assert.Throws<InvalidDataException>(() => ColdStart.Parse(JobJson(1, 2, [("LloydStep", 0.1), ("LloydStep", 0.1)], omitted: 5), 2));
    }

    [Fact]
    public void The_summary_takes_medians_over_runs_and_lists_the_first_iterations_of_the_median_run()
    {
        ColdStartRun[] runs =
        [
            new(0.70, 3.0, [60, 35, 31, 30, 30, 30, 30, 30]), // job ratio 700 / 240 = 2.92
            new(0.30, 2.0, [40, 31, 30, 30, 30, 30, 30, 30]), // 1.25
            new(0.26, 4.0, [35, 30, 30, 30, 30, 30, 30, 30]), // 1.08
        ];

        var report = ColdStart.Summarize(runs);

        Assert.Equal(3, report.Runs);
        Assert.Equal(8, report.Iterations);
        Assert.Equal(40, report.FirstIterationMilliseconds);
        Assert.Equal(30, report.WarmIterationMilliseconds);
        Assert.Equal(40.0 / 30, report.FirstToWarmRatio, 9);
        Assert.Equal(0.30, report.TrainingSeconds);
        Assert.Equal(300.0 / 240, report.JobRatio, 9);
        Assert.Equal(3.0, report.ProcessSeconds);
        Assert.Equal(new double[] { 40, 31, 30, 30, 30 }, report.FirstIterations);
        Assert.Same(runs, report.PerRun);
        Assert.Throws<ArgumentException>(() => ColdStart.Summarize([new ColdStartRun(1, 1, [1, 1, 1])]));
    }

    [Fact]
    public void The_report_serializes_with_every_ratio_named()
    {
        var report = ColdStart.Summarize([new ColdStartRun(0.2, 1, [50, 30, 30, 30])]);

        var json = JsonSerializer.SerializeToElement(report, Web);

        foreach (var name in new[] { "runs", "iterations", "firstIterationMilliseconds", "warmIterationMilliseconds", "firstToWarmRatio", "trainingSeconds", "jobRatio", "processSeconds", "firstIterations", "perRun" })
        {
            Assert.True(json.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void Cold_start_options_are_validated()
    {
        Assert.NotNull(new BenchOptions { ColdStartRuns = -1 }.Validate());
        Assert.NotNull(new BenchOptions { ColdStartIterations = 3 }.Validate());
        Assert.Null(new BenchOptions { ColdStartRuns = 0 }.Validate());
        Assert.Equal(1, BenchOptions.Quick.ColdStartRuns);
    }

    private static string JobJson(double seconds, int iterations, (string Step, double Wall)[] passes, int omitted = 0) => JsonSerializer.Serialize(new
    {
        command = "train",
        iterations,
        seconds,
        execution = new
        {
            omittedPasses = omitted,
            perPass = passes.Select(p => new { step = p.Step, wallSeconds = p.Wall, computeSeconds = p.Wall * 0.9 }),
        },
    });
}
