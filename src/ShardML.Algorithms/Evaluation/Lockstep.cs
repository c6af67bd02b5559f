using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Runs several trainings on one loaded dataset in lockstep, so that one pass serves them all: each training gets a
/// lane (<see cref="Lane"/>, an <see cref="IPartitionExecutor"/>), and when every lane still running has asked for a
/// pass, their steps go out together — fused into one sweep over the rows when the steps allow it
/// (<see cref="StepFusion"/>), else as a <see cref="MultiStep"/> — and each lane gets its own part of the merged
/// summary back. A lane whose training ends leaves (<see cref="Leave"/>); the others no longer wait for it. Every
/// part is what the lane's step alone would have produced, so each training gives the bits it gives alone; only the
/// passes are shared.
/// </summary>
public sealed class Lockstep
{
    private readonly IPartitionExecutor _executor;
    private readonly object _gate = new();
    private readonly List<Request> _pending = [];
    private readonly bool[] _left;
    private int _live;

    public Lockstep(IPartitionExecutor executor, int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        _executor = executor;
        _live = lanes;
        _left = new bool[lanes];
    }

    /// <summary>Passes run so far: each served every lane that asked.</summary>
    public int Passes { get; private set; }

    /// <summary>Passes the lanes asked for: what as many separate jobs would have run.</summary>
    public int Requests { get; private set; }

    /// <summary>The executor of lane <paramref name="lane"/>.</summary>
    public IPartitionExecutor Lane(int lane) => new LaneExecutor(this, lane);

    /// <summary>Lane <paramref name="lane"/> runs no more passes; the others stop waiting for it. Idempotent.</summary>
    public void Leave(int lane)
    {
        List<Request>? batch = null;
        lock (_gate)
        {
            if (_left[lane])
            {
                return;
            }

            _left[lane] = true;
            _live--;
            batch = TakeIfComplete();
        }

        Dispatch(batch);
    }

    private Task<ISummary> SubmitAsync(int lane, IPartitionStep step, CancellationToken cancellationToken)
    {
        var request = new Request(lane, step, new TaskCompletionSource<ISummary>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        List<Request>? batch;
        lock (_gate)
        {
            _pending.Add(request);
            Requests++;
            batch = TakeIfComplete();
        }

        Dispatch(batch);
        return request.Result.Task;
    }

    /// <summary>All pending requests, once every live lane has one; else null. Called under the lock.</summary>
    private List<Request>? TakeIfComplete()
    {
        if (_pending.Count == 0 || _pending.Select(r => r.Lane).Distinct().Count() < _live)
        {
            return null;
        }

        var batch = _pending.OrderBy(r => r.Lane).ToList();
        _pending.Clear();
        Passes++;
        return batch;
    }

    private void Dispatch(List<Request>? batch)
    {
        if (batch is not null)
        {
            _ = RunAsync(batch);
        }
    }

    private async Task RunAsync(List<Request> batch)
    {
        try
        {
            // Any lane's token cancels the shared pass: the lanes are one job's trainings, cancelled together.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource([.. batch.Select(r => r.CancellationToken).Distinct()]);
            if (batch.Count == 1)
            {
                batch[0].Result.TrySetResult(await _executor.RunAsync<ISummary>((IPartitionStep<ISummary>)batch[0].Step, linked.Token));
                return;
            }

            var steps = batch.Select(r => r.Step).ToArray();
            var merged = (MultiSummary)await _executor.RunAsync(StepFusion.Fuse(steps), linked.Token);
            var parts = merged.Parts;
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(parts[i]);
            }
        }
        catch (Exception e)
        {
            foreach (var request in batch)
            {
                request.Result.TrySetException(e);
            }
        }
    }

    private sealed record Request(int Lane, IPartitionStep Step, TaskCompletionSource<ISummary> Result, CancellationToken CancellationToken);

    private sealed class LaneExecutor(Lockstep lockstep, int lane) : IPartitionExecutor
    {
        public LoadedDataset Dataset => lockstep._executor.Dataset;

        public AggregationPrivacy Privacy => lockstep._executor.Privacy;

        public async Task<TSummary> RunAsync<TSummary>(IPartitionStep<TSummary> step, CancellationToken cancellationToken)
            where TSummary : class, ISummary =>
            (TSummary)await lockstep.SubmitAsync(lane, step, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
