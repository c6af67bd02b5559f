using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.KMeans;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Common;

/// <summary>
/// Checkpoints by elapsed training time, the default: none for a job shorter than the period, one per period for a
/// longer one, and a job resumed from such a checkpoint ends with the bits of an undisturbed run. The clock is a
/// test's own, advanced as the job reports progress, so nothing sleeps.
/// </summary>
public sealed class TimedCheckpointTests : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task A_context_by_time_is_due_once_the_period_has_passed_since_the_start_or_the_last_save()
    {
        var clock = new ManualClock();
        var saved = new List<int>();
        var context = new JobContext(null, CheckpointSchedule.ByTime(Period), (i, _, _) => { saved.Add(i); return Task.CompletedTask; }, null, time: clock);

        Assert.False(context.IsCheckpointDue(1));
        Assert.False(context.IsBoundaryDue);
        clock.Advance(TimeSpan.FromSeconds(29.9));
        Assert.False(context.IsCheckpointDue(7));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(context.IsCheckpointDue(8));
        Assert.True(context.IsBoundaryDue);

        await context.SaveAsync(8, [1], CancellationToken.None);
        Assert.False(context.IsCheckpointDue(9)); // the period starts again at the save
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(context.IsCheckpointDue(10));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(context.IsCheckpointDue(11));
        Assert.Equal([8], saved);
    }

    [Fact]
    public void By_iterations_and_none_keep_their_meaning()
    {
        var clock = new ManualClock();
        var every = new JobContext(null, CheckpointSchedule.EveryIterations(3), (_, _, _) => Task.CompletedTask, null, time: clock);
        var none = new JobContext(null, CheckpointSchedule.None, (_, _, _) => Task.CompletedTask, null, time: clock);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([3, 6, 9], Enumerable.Range(1, 10).Where(every.IsCheckpointDue));
        Assert.True(every.IsBoundaryDue);
        Assert.DoesNotContain(Enumerable.Range(1, 10), none.IsCheckpointDue);
        Assert.False(new TrainerCheckpoints(none).IsBoundaryDue);
        Assert.Throws<ArgumentOutOfRangeException>(() => new JobContext(null, new CheckpointSchedule(0, TimeSpan.FromSeconds(-1)), (_, _, _) => Task.CompletedTask, null));
    }

    [Fact]
    public async Task A_job_shorter_than_the_period_writes_no_checkpoint_not_even_after_its_initialization()
    {
        var clock = new ManualClock();
        var saved = 0;
        var context = new JobContext(null, CheckpointSchedule.ByTime(Period), (_, _, _) => { saved++; return Task.CompletedTask; }, null, time: clock);
        var path = _files.WriteCsv("ambiguous.csv", ClusterData.Ambiguous());
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        var ticking = new Ticking(clock, TimeSpan.FromSeconds(1)); // 1 s an iteration: the whole job takes less than 30

        var model = await new KMeansTrainer().TrainAsync(
            executor, new KMeansOptions { NumberOfClusters = 5, Seed = 17, MaximumIterations = 20, Tolerance = 0 }, ticking, new TrainerCheckpoints(context), CancellationToken.None);

        Assert.Equal(20, model.Summary.Iterations);
        Assert.Equal(0, saved);
    }

    [Fact]
    public async Task A_longer_job_saves_once_a_period_and_resumed_from_such_a_checkpoint_gives_the_bits_of_an_undisturbed_run()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), ["no", "yes"]);
        var options = LogisticRegressionTests.Sgd() with { Epochs = 12, Tolerance = 0 };
        var clock = new ManualClock();
        var saved = new List<SavedCheckpoint>();
        var context = new JobContext(null, CheckpointSchedule.ByTime(Period), (i, s, _) => { saved.Add(new SavedCheckpoint(i, s)); return Task.CompletedTask; }, null, time: clock);
        await using var first = await DataDirectory.LoadAsync(path, 3, categorical: true);

        // 10 s an epoch: a checkpoint every third epoch, the period counted from the last save.
        var undisturbed = await new LinearModelTrainer().TrainAsync(first, options, new Ticking(clock, TimeSpan.FromSeconds(10)), new TrainerCheckpoints(context), CancellationToken.None);

        Assert.Equal([3, 6, 9, 12], saved.Select(s => s.Iteration));
        foreach (var checkpoint in saved.Take(3))
        {
            var resumed = new JobContext(checkpoint.State, CheckpointSchedule.ByTime(Period), (_, _, _) => Task.CompletedTask, null, time: new ManualClock());
            await using var fresh = await DataDirectory.LoadAsync(path, 3, categorical: true);
            var model = await new LinearModelTrainer().TrainAsync(fresh, options, null, new TrainerCheckpoints(resumed), CancellationToken.None);

            SameModel.Assert(undisturbed, model, $"resumed after epoch {checkpoint.Iteration}");
        }
    }

    public void Dispose() => _files.Dispose();

    /// <summary>A clock that moves only when told: timestamps in ticks of 100 ns.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    /// <summary>Advances the clock by a fixed time at each iteration the job reports, before its checkpoint decision.</summary>
    private sealed class Ticking(ManualClock clock, TimeSpan perIteration) : IProgress<TrainingProgress>
    {
        private int _last;

        public void Report(TrainingProgress value)
        {
            if (value.Iteration > _last)
            {
                clock.Advance(perIteration * (value.Iteration - _last));
                _last = value.Iteration;
            }
        }
    }
}
