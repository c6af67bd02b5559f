using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>Gradient descent resumed from any of its checkpoints, on a freshly loaded dataset, ends with the bits of a run never interrupted.</summary>
public sealed class GradientDescentResumeTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(true, 0.0, 0.5, 3)]
    [InlineData(false, 0.1, 50, 2)] // a rate so large it is halved: the state carries the rate and the accepted point
    public async Task Resumed_from_the_first_a_middle_or_the_last_checkpoint_it_gives_the_bits_of_an_undisturbed_run(bool standardize, double l2, double rate, int interval)
    {
        var path = _files.WriteCsv("standard.csv", RegressionData.Standard());
        var options = RegressionData.Descent(l2) with { Standardize = standardize, LearningRate = rate, Tolerance = 1e-6 };
        var recording = new RecordingCheckpoints(interval);
        await using var first = await DataDirectory.LoadAsync(path, 3);
        var undisturbed = await new LinearModelTrainer().TrainAsync(first, options, null, recording.Trainer, CancellationToken.None);

        Assert.True(undisturbed.Summary.Converged);
        foreach (var index in recording.FirstMiddleAndLast())
        {
            var resumed = recording.ResumeFrom(index);
            await using var fresh = await DataDirectory.LoadAsync(path, 3);
            var model = await new LinearModelTrainer().TrainAsync(fresh, options, null, resumed.Trainer, CancellationToken.None);

            SameModel.Assert(undisturbed, model, $"resumed after iteration {recording.Saved[index].Iteration}");
            recording.AssertResumedRunRepeated(resumed, index);
        }
    }

    public void Dispose() => _files.Dispose();
}
