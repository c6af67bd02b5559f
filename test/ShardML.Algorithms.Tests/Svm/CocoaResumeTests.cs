using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.Svm;

/// <summary>
/// CoCoA+ checkpoints its partitions' duals with its own state, so a job resumed on a freshly loaded dataset — whose
/// partitions hold no duals — gives them back and ends with the bits of a run never interrupted.
/// </summary>
public sealed class CocoaResumeTests : IDisposable
{
    private static readonly string[] Names = ["-1", "+1"];
    private static readonly string[] Species = ["virginica", "setosa", "versicolor"];
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task Resumed_mid_way_it_gives_the_bits_of_an_undisturbed_run()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);

        await LinearModelResumeTests.AssertResumesToTheSameBits(path, CocoaTests.Options() with { MaximumIterations = 24, LocalEpochs = 2 }, 3);
    }

    [Fact]
    public async Task Resumed_from_the_round_it_converged_in_or_before_it_gives_the_bits_of_an_undisturbed_run()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);

        await LinearModelResumeTests.AssertResumesToTheSameBits(path, CocoaTests.Options() with { Tolerance = 1e-2 }, 1, expectConverged: true);
    }

    [Fact]
    public async Task One_vs_rest_on_standardized_features_resumes_to_the_same_bits()
    {
        var path = _files.WriteClassCsv("three.csv", ClassificationData.ThreeBlobs(), Species);

        await LinearModelResumeTests.AssertResumesToTheSameBits(path, CocoaTests.Options() with { MaximumIterations = 12, Standardize = true }, 2);
    }

    [Fact]
    public async Task A_partition_that_lost_its_duals_before_a_checkpoint_restarts_from_zero_in_the_resumed_run_too()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);
        var options = CocoaTests.Options() with { MaximumIterations = 9 };
        var recording = new RecordingCheckpoints(3);
        await using var first = PartitionsExecutor.Load(path, 3);
        first.BeforePass = (pass, e) =>
        {
            if (pass == 5)
            {
                e.Partitions[1].State.Clear(); // passes: classes, rounds 1–3, then the checkpoint's collection of the duals
            }
        };
        var undisturbed = await new LinearModelTrainer().TrainAsync(first, options, null, recording.Trainer, CancellationToken.None);

        var saved = recording.Read<CocoaState>(0);
        Assert.Equal([0, 2], saved.Duals.Select(d => d.Partition));
        Assert.Contains(undisturbed.Summary.Notes, n => n.StartsWith("round 4: 1 partition(s) had lost", StringComparison.Ordinal));

        var resumed = recording.ResumeFrom(0);
        await using var fresh = PartitionsExecutor.Load(path, 3);
        var model = await new LinearModelTrainer().TrainAsync(fresh, options, null, resumed.Trainer, CancellationToken.None);

        SameModel.Assert(undisturbed, model, "resumed after round 3");
        recording.AssertResumedRunRepeated(resumed, 0);
    }

    [Fact]
    public async Task A_checkpoint_keeps_one_dual_per_row_and_class_and_leaves_no_state_behind()
    {
        var table = ClassificationData.ThreeBlobs();
        var path = _files.WriteClassCsv("three.csv", table, Species);
        var recording = new RecordingCheckpoints(2);
        await using var executor = PartitionsExecutor.Load(path, 3);

        await new LinearModelTrainer().TrainAsync(executor, CocoaTests.Options() with { MaximumIterations = 5 }, null, recording.Trainer, CancellationToken.None);

        var saved = recording.Read<CocoaState>(0);
        Assert.Equal([0, 1, 2], saved.Duals.Select(d => d.Partition));
        Assert.Equal(table.Count * 3, saved.Duals.Sum(d => d.Duals.Length));
        Assert.All(executor.Partitions, p => Assert.Empty(p.State));
    }

    public void Dispose() => _files.Dispose();
}
