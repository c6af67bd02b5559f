using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.KMeans;

/// <summary>A K-means job resumed from any of its checkpoints, on a freshly loaded dataset, ends with the bits of one never interrupted.</summary>
public sealed class KMeansResumeTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Theory]
    [InlineData(KMeansInitialization.Parallel, 1)]
    [InlineData(KMeansInitialization.Random, 2)]
    public async Task Resumed_from_the_first_a_middle_or_the_last_checkpoint_it_gives_the_bits_of_an_undisturbed_run(KMeansInitialization initialization, int interval)
    {
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        var options = new KMeansOptions { NumberOfClusters = 5, Seed = 17, Initialization = initialization, Tolerance = 1e-6 };
        var recording = new RecordingCheckpoints(interval);
        await using var first = await DataDirectory.LoadAsync(path, 3);
        var undisturbed = await new KMeansTrainer().TrainAsync(first, options, null, recording.Trainer, CancellationToken.None);

        Assert.Equal(0, recording.Saved[0].Iteration); // the initialization is saved before any iteration
        foreach (var index in recording.FirstMiddleAndLast())
        {
            var resumed = recording.ResumeFrom(index);
            await using var fresh = await DataDirectory.LoadAsync(path, 3);
            var model = await new KMeansTrainer().TrainAsync(fresh, options, null, resumed.Trainer, CancellationToken.None);

            SameModel.Assert(undisturbed, model, $"resumed after iteration {recording.Saved[index].Iteration}");
            recording.AssertResumedRunRepeated(resumed, index);
        }
    }

    public void Dispose() => _files.Dispose();
}
