using MemoryPack;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Common;

public sealed class TrainerCheckpointsTests
{
    [Fact]
    public async Task A_saved_state_comes_back_as_it_was()
    {
        var saved = new List<byte[]>();
        var state = new KMeansTrainingState([1, 2, 3], 4, false, [5.5], ["a note"], 2);
        await new TrainerCheckpoints(Recording(saved)).SaveAsync(4, state, CancellationToken.None);

        var restored = new TrainerCheckpoints(Resuming(saved[0])).Restore<KMeansTrainingState>();

        Support.Structural.AssertEqual(state, restored, "state");
    }

    [Fact]
    public async Task A_checkpoint_of_another_state_type_is_refused_naming_both()
    {
        var saved = new List<byte[]>();
        await new TrainerCheckpoints(Recording(saved)).SaveAsync(1, new KMeansTrainingState([1, 2, 3, 4], 1, false, [1.0], [], 1), CancellationToken.None);

        var error = Assert.Throws<InvalidOperationException>(() => new TrainerCheckpoints(Resuming(saved[0])).Restore<GradientDescentState>());

        Assert.Contains(nameof(KMeansTrainingState), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GradientDescentState), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_checkpoint_at_all_are_refused()
    {
        var bytes = MemoryPackSerializer.Serialize(new KMeansTrainingState([1], 1, true, [], [], 1)); // a bare state, not an envelope

        var error = Assert.Throws<InvalidOperationException>(() => new TrainerCheckpoints(Resuming(bytes)).Restore<KMeansTrainingState>());

        Assert.Contains("not a checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_interval_nothing_is_saved()
    {
        var saved = new List<byte[]>();
        var checkpoints = new TrainerCheckpoints(new JobContext(null, 0, (_, bytes, _) => { saved.Add(bytes); return Task.CompletedTask; }, null));

        await checkpoints.SaveAsync(1, new KMeansTrainingState([1], 1, true, [], [], 1), CancellationToken.None);

        Assert.False(checkpoints.IsEnabled);
        Assert.Empty(saved);
        Assert.Null(checkpoints.Restore<KMeansTrainingState>());
    }

    private static JobContext Recording(List<byte[]> saved) => new(null, 1, (_, bytes, _) => { saved.Add(bytes); return Task.CompletedTask; }, null);

    private static JobContext Resuming(byte[] state) => new(state, 1, (_, _, _) => Task.CompletedTask, null);
}
