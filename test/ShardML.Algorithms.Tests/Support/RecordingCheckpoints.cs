using ShardML.Algorithms.Common;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// A job context whose checkpoints stay in memory, in the order they were saved: what a runner's checkpoint store would
/// hold, had it kept every one instead of the last two. <see cref="ResumeFrom"/> starts another context from one of
/// them, as a runner does after its driver died, recording the checkpoints the resumed run saves in turn.
/// </summary>
public sealed class RecordingCheckpoints
{
    private readonly List<SavedCheckpoint> _saved = [];

    /// <param name="interval">Save after every this many iterations.</param>
    /// <param name="resumeFrom">The checkpoint to resume from, or null for a fresh start.</param>
    public RecordingCheckpoints(int interval, SavedCheckpoint? resumeFrom = null)
    {
        Interval = interval;
        ResumedFrom = resumeFrom;
        Context = new JobContext(resumeFrom?.State, interval, Save, progress: null);
    }

    public int Interval { get; }

    public SavedCheckpoint? ResumedFrom { get; }

    public JobContext Context { get; }

    /// <summary>The trainer's side of <see cref="Context"/>.</summary>
    public TrainerCheckpoints Trainer => new(Context);

    /// <summary>Every checkpoint saved so far, oldest first.</summary>
    public IReadOnlyList<SavedCheckpoint> Saved => _saved;

    /// <summary>A context for a fresh run resumed from <see cref="Saved"/>[<paramref name="index"/>], with the same interval.</summary>
    public RecordingCheckpoints ResumeFrom(int index) => new(Interval, _saved[index]);

    /// <summary>The trainer's state in <see cref="Saved"/>[<paramref name="index"/>], as a resumed run would read it.</summary>
    public TState Read<TState>(int index)
        where TState : class =>
        new TrainerCheckpoints(new JobContext(_saved[index].State, Interval, (_, _, _) => Task.CompletedTask, null)).Restore<TState>()!;

    /// <summary>The indices of the first, a middle and the last checkpoint: where a test resumes from.</summary>
    public IEnumerable<int> FirstMiddleAndLast()
    {
        Assert.True(_saved.Count >= 3, $"only {_saved.Count} checkpoint(s) were saved; the test needs a first, a middle and a last");
        return [0, _saved.Count / 2, _saved.Count - 1];
    }

    /// <summary>
    /// Asserts that a run resumed from <see cref="Saved"/>[<paramref name="index"/>] saved, byte for byte, the
    /// checkpoints the undisturbed run saved after it: the resumed run went through the same states, not only to the
    /// same end.
    /// </summary>
    public void AssertResumedRunRepeated(RecordingCheckpoints resumed, int index)
    {
        var expected = _saved.Skip(index + 1).ToList();
        Assert.Equal(expected.Select(c => c.Iteration), resumed.Saved.Select(c => c.Iteration));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                expected[i].State.AsSpan().SequenceEqual(resumed.Saved[i].State),
                $"resumed from checkpoint {index} (iteration {_saved[index].Iteration}): the checkpoint of iteration {expected[i].Iteration} differs");
        }
    }

    private Task Save(int iteration, byte[] state, CancellationToken cancellationToken)
    {
        _saved.Add(new SavedCheckpoint(iteration, state));
        return Task.CompletedTask;
    }
}

/// <summary>One saved checkpoint: the iteration it follows and the trainer's state bytes.</summary>
public sealed record SavedCheckpoint(int Iteration, byte[] State);
