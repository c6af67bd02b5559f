using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// Every linear solver resumed from its first, a middle or its last checkpoint, on a freshly loaded dataset (as a job
/// resumed by a new driver is), ends with the bits of a run never interrupted, and saves the same checkpoints on the way.
/// </summary>
public sealed class LinearModelResumeTests : IDisposable
{
    private static readonly string[] Names = ["no", "yes"];
    private static readonly string[] Species = ["virginica", "setosa", "versicolor"];
    private readonly DataDirectory _files = new();

    public static TheoryData<string> Cases => [.. Configurations.Keys];

    private static Dictionary<string, (LinearModelOptions Options, int Interval)> Configurations { get; } = new()
    {
        ["sgd"] = (Sgd() with { Averaged = false }, 1),
        ["sgd averaged"] = (Sgd(), 2),
        ["sgd l1 proximal"] = (Sgd() with { L1 = 0.005, Schedule = LearningRateSchedule.InverseScaling }, 1),
        ["sgd standardized, stopping at its tolerance"] = (Sgd() with { Standardize = true, Tolerance = 2e-3, Epochs = 40 }, 1),
        ["local sgd"] = (Sgd() with { Solver = LinearSolver.LocalSgd, LocalSteps = 3, Averaged = false }, 1),
        ["local sgd averaged l1 standardized"] = (Sgd() with { Solver = LinearSolver.LocalSgd, LocalSteps = 2, L1 = 0.002, Standardize = true }, 2),
        ["lbfgs"] = (LogisticRegressionTests.Lbfgs() with { HistorySize = 3 }, 1),
        ["lbfgs standardized"] = (LogisticRegressionTests.Lbfgs() with { Standardize = true }, 2),
        ["owlqn"] = (LogisticRegressionTests.Lbfgs() with { L1 = 0.01, HistorySize = 4 }, 1),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Resumed_from_the_first_a_middle_or_the_last_checkpoint_it_gives_the_bits_of_an_undisturbed_run(string name)
    {
        var (options, interval) = Configurations[name];
        await AssertResumesToTheSameBits(_files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names), options, interval);
    }

    [Theory]
    [InlineData(LinearSolver.Sgd, MulticlassStrategy.OneVsRest)]
    [InlineData(LinearSolver.LocalSgd, MulticlassStrategy.OneVsRest)]
    [InlineData(LinearSolver.Lbfgs, MulticlassStrategy.OneVsRest)]
    [InlineData(LinearSolver.Sgd, MulticlassStrategy.Softmax)]
    [InlineData(LinearSolver.LocalSgd, MulticlassStrategy.Softmax)]
    [InlineData(LinearSolver.Lbfgs, MulticlassStrategy.Softmax)]
    public async Task One_vs_rest_and_multinomial_models_resume_to_the_same_bits(LinearSolver solver, MulticlassStrategy multiclass)
    {
        var options = (solver == LinearSolver.Lbfgs ? LogisticRegressionTests.Lbfgs() : Sgd() with { Solver = solver, Epochs = 4 }) with { Multiclass = multiclass };
        await AssertResumesToTheSameBits(_files.WriteClassCsv("three.csv", ClassificationData.ThreeBlobs(), Species), options, 1);
    }

    [Fact]
    public async Task A_checkpoint_of_another_solver_is_refused_naming_both_states()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 300), Names);
        var recording = new RecordingCheckpoints(1);
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);
        await new LinearModelTrainer().TrainAsync(executor, Sgd() with { Epochs = 2 }, null, recording.Trainer, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LinearModelTrainer().TrainAsync(executor, LogisticRegressionTests.Lbfgs(), null, recording.ResumeFrom(0).Trainer, CancellationToken.None));

        Assert.Contains(nameof(SgdState), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(LbfgsState), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_of_data_with_another_feature_count_is_refused_naming_both_counts()
    {
        var table = ClassificationData.Noisy(rows: 300);
        var narrower = table with { FeatureNames = table.FeatureNames[..4], Rows = [.. table.Rows.Select(r => r[..4])] };
        var recording = new RecordingCheckpoints(1);
        await using (var five = await DataDirectory.LoadAsync(_files.WriteClassCsv("five.csv", table, Names), 3, categorical: true))
        {
            await new LinearModelTrainer().TrainAsync(five, LogisticRegressionTests.Lbfgs(), null, recording.Trainer, CancellationToken.None);
        }

        await using var four = await DataDirectory.LoadAsync(_files.WriteClassCsv("four.csv", narrower, Names), 3, categorical: true);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new LinearModelTrainer().TrainAsync(four, LogisticRegressionTests.Lbfgs(), null, recording.ResumeFrom(0).Trainer, CancellationToken.None));

        Assert.Contains("over 5 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("over 4", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Trains undisturbed, saving every <paramref name="interval"/> iterations, then resumes fresh runs from the first, a
    /// middle and the last checkpoint; each must give the same model and save the same checkpoints after its start.
    /// </summary>
    internal static async Task AssertResumesToTheSameBits(string path, LinearModelOptions options, int interval, bool? expectConverged = null)
    {
        var recording = new RecordingCheckpoints(interval);
        await using var first = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var undisturbed = await new LinearModelTrainer().TrainAsync(first, options, null, recording.Trainer, CancellationToken.None);
        if (expectConverged is { } converged)
        {
            Assert.Equal(converged, undisturbed.Summary.Converged);
        }

        foreach (var index in recording.FirstMiddleAndLast())
        {
            var resumed = recording.ResumeFrom(index);
            await using var fresh = await DataDirectory.LoadAsync(path, 3, categorical: true);
            var model = await new LinearModelTrainer().TrainAsync(fresh, options, null, resumed.Trainer, CancellationToken.None);

            SameModel.Assert(undisturbed, model, $"resumed after iteration {recording.Saved[index].Iteration}");
            recording.AssertResumedRunRepeated(resumed, index);
        }
    }

    private static LinearModelOptions Sgd() => LogisticRegressionTests.Sgd() with { Epochs = 7, BatchSize = 50 };
}
