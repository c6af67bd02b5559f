using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Algorithms.Tests.Svm;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>The linear-model job as a runner drives it: checkpoints through its context, and a resume from one of them.</summary>
public sealed class LinearModelJobTests : IDisposable
{
    private static readonly string[] Names = ["no", "yes"];
    private readonly DataDirectory _files = new();

    public static TheoryData<LinearSolver> Solvers => [LinearSolver.Sgd, LinearSolver.LocalSgd, LinearSolver.Lbfgs, LinearSolver.Cocoa];

    [Theory]
    [MemberData(nameof(Solvers))]
    public async Task Saves_checkpoints_through_its_context_and_a_resumed_job_has_the_same_outcome(LinearSolver solver)
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 400), Names);
        var job = new LinearModelJob(solver switch
        {
            LinearSolver.Lbfgs => LogisticRegressionTests.Lbfgs(),
            LinearSolver.Cocoa => CocoaTests.Options() with { MaximumIterations = 10 },
            _ => LogisticRegressionTests.Sgd() with { Solver = solver, Epochs = 4 },
        });
        var recording = new RecordingCheckpoints(2);
        await using var first = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var undisturbed = await job.RunAsync(first, recording.Context, CancellationToken.None);

        Assert.True(recording.Saved.Count >= 2, $"{recording.Saved.Count} checkpoint(s) saved");
        var resumed = recording.ResumeFrom(0);
        await using var fresh = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var outcome = await job.RunAsync(fresh, resumed.Context, CancellationToken.None);

        SameModel.Assert(ModelFile.FromJson(undisturbed.ModelJson), ModelFile.FromJson(outcome.ModelJson), "model file");
        Assert.Equal(undisturbed.Metrics, outcome.Metrics);
        Assert.Equal(undisturbed.DetailsJson, outcome.DetailsJson);
    }

    [Fact]
    public async Task Without_a_checkpoint_interval_it_saves_nothing()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 200), Names);
        var saved = 0;
        await using var executor = await DataDirectory.LoadAsync(path, 2, categorical: true);

        await new LinearModelJob(LogisticRegressionTests.Lbfgs()).RunAsync(
            executor, new JobContext(null, 0, (_, _, _) => { saved++; return Task.CompletedTask; }, null), CancellationToken.None);

        Assert.Equal(0, saved);
    }

    public void Dispose() => _files.Dispose();
}
