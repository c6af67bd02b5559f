using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime;

/// <summary>
/// Runs one call per silo (a "share": the silo's partitions) over a dataset and finishes the pass whatever happens
/// to silos meanwhile. A share whose silo fails, leaves or exceeds the step timeout is placed on the other silos
/// and sent again, with backoff, until the recovery timeout; a share that straggles far behind the others is run
/// again on another silo and the first reply wins (speculative execution, as in MapReduce and Spark). Steps are
/// pure functions of the step and the partition, so every copy of a share returns the same bits. A partition
/// failure (bad data, a failing step) is not a silo failure: running it elsewhere would fail the same way, so it is
/// raised at once.
/// </summary>
internal sealed partial class PassRunner(IGrainFactory grains, string datasetId, PartitionTask[] tasks, PartitionMap map, ClusterExecutorOptions options, ILogger logger)
{
    public PartitionMap Map => map;

    private PartitionTask[] Tasks => tasks;

    private ClusterExecutorOptions Options => options;

    private ILogger Logger => logger;

    /// <summary>
    /// Runs <paramref name="call"/> for every partition, one call per silo, and hands each reply to
    /// <paramref name="accept"/>. <paramref name="speculate"/> allows backup copies of stragglers (off for loads: a
    /// copy of a slow load is just as slow, and loads twice).
    /// </summary>
    public async Task<PassOutcome> RunAsync<TReply>(
        Func<string, PartitionTask[], CancellationToken, Task<TReply>> call, Action<string, TReply> accept, CancellationToken cancellationToken, bool speculate = true)
    {
        var pending = new SortedSet<int>(Enumerable.Range(0, tasks.Length));
        // A job that needs several silos checks membership before every pass, so it stops as soon as too few are left.
        await RefreshAsync(force: options.MinimumSilos > 1, cancellationToken);
        var clock = Stopwatch.StartNew();
        TimeSpan? firstFailure = null;
        Exception? lastFailure = null;
        int retries = 0, speculations = 0;
        var delay = options.RetryDelay;
        while (true)
        {
            var round = new Round<TReply>(this, call, accept, speculate && options.Speculation, cancellationToken);
            var trusted = map.TrustedSilos;
            if (trusted.Count >= options.MinimumSilos)
            {
                await round.RunAsync(pending);
                speculations += round.Speculations;
                lastFailure = round.LastFailure ?? lastFailure;
            }

            if (pending.Count == 0)
            {
                return new PassOutcome(retries, speculations, firstFailure is { } f ? (clock.Elapsed - f).TotalSeconds : 0);
            }

            firstFailure ??= clock.Elapsed;
            if (clock.Elapsed - firstFailure > options.RecoveryTimeout)
            {
                throw new ClusterUnavailableException(
                    TooFewSilosMessage(pending.Count, trusted.Count) + (lastFailure is null ? string.Empty : $" (last failure: {FailureText.Of(lastFailure)})"),
                    lastFailure ?? new InvalidOperationException("no silo answered"));
            }

            retries++;
            await Task.Delay(delay, cancellationToken);
            delay = ClusterExecutorOptions.NextRetryDelay(delay);
            await RefreshAsync(force: true, cancellationToken);
        }
    }

    /// <summary>
    /// Asks membership which silos are active and places again if that changed. A membership store that does not
    /// answer (a Redis or PostgreSQL blip) is not a reason to fail a pass: the placement stays as it was and the
    /// recovery loop asks again.
    /// </summary>
    public async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        try
        {
            var refresh = await map.RefreshAsync(force, cancellationToken);
            if (refresh.Forgiven > 0)
            {
                LogForgiven(logger, refresh.Forgiven);
            }

            await Moved(refresh.Moved);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogMembershipUnavailable(logger, FailureText.Of(e));
        }
    }

    public async Task ReleaseAsync(string silo, int[] partitions)
    {
        try
        {
            await grains.GetGrain<ISiloAggregatorGrain>(silo).ReleaseAsync(datasetId, partitions).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A silo that is gone has dropped its partitions with its memory; one that did not answer drops them on deactivation.
            LogReleaseFailed(logger, silo, FailureText.Of(e));
        }
    }

    private string TooFewSilosMessage(int pending, int trusted) =>
        trusted < options.MinimumSilos
            ? $"only {trusted} silo(s) are left that answer, fewer than the {options.MinimumSilos} the job needs; stopped after trying for {options.RecoveryTimeout.TotalSeconds:0} s with {pending} partition(s) not run"
            : $"{pending} partition(s) could not be run for {options.RecoveryTimeout.TotalSeconds:0} s: the silos that could hold them kept failing";

    /// <summary>Lets the old silos of moved partitions drop them, when those silos are still there to ask.</summary>
    private async Task Moved(IReadOnlyList<(int Partition, string From)> moved)
    {
        if (moved.Count == 0)
        {
            return;
        }

        LogPlacedAgain(logger, moved.Count, datasetId);
        var releases = moved.GroupBy(m => m.From, StringComparer.Ordinal).Select(g => (Silo: g.Key, Partitions: g.Select(m => m.Partition).ToArray())).ToArray();
        await Task.WhenAll(releases.Where(r => map.IsTrusted(r.Silo)).Select(r => ReleaseAsync(r.Silo, r.Partitions)));

        // A suspected silo may still be alive and holding the data: ask it too, without waiting on it.
        foreach (var (silo, partitions) in releases.Where(r => !map.IsTrusted(r.Silo)))
        {
            _ = ReleaseAsync(silo, partitions);
        }
    }

    /// <summary>One round: every pending share sent once to its silo, stragglers once more to another.</summary>
    private sealed class Round<TReply>(
        PassRunner runner, Func<string, PartitionTask[], CancellationToken, Task<TReply>> call, Action<string, TReply> accept, bool speculate, CancellationToken cancellationToken)
    {
        private static readonly TimeSpan SpeculationPoll = TimeSpan.FromMilliseconds(50);
        private readonly List<Attempt> _attempts = [];
        private readonly List<double> _finished = [];

        public int Speculations { get; private set; }

        public Exception? LastFailure { get; private set; }

        public async Task RunAsync(SortedSet<int> pending)
        {
            var map = runner.Map;
            foreach (var group in pending.GroupBy(map.OwnerOf, StringComparer.Ordinal).Where(g => map.IsTrusted(g.Key)))
            {
                Start(new Share(group.Key, [.. group.Select(i => runner.Tasks[i])]), group.Key, backup: false);
            }

            // A copy that lost the race is cancelled and left to end on its own: the round waits only for shares
            // that have no reply yet.
            while (_attempts.Any(a => !a.Done && !a.Share.Settled))
            {
                var running = _attempts.Where(a => !a.Done && !a.Share.Settled).Select(a => a.Task);
                await Task.WhenAny(_finished.Count > 0 && speculate ? running.Append(Task.Delay(SpeculationPoll, cancellationToken)) : running);
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var attempt in _attempts.Where(a => !a.Done && a.Task.IsCompleted).ToArray())
                {
                    Complete(attempt, pending);
                }

                Speculate();
            }
        }

        private void Start(Share share, string silo, bool backup)
        {
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cancel.CancelAfter(runner.Options.StepTimeout);
            var attempt = new Attempt(share, silo, backup, cancel, Stopwatch.StartNew());
            attempt.Task = call(silo, share.Tasks, cancel.Token);
            // A copy that lost is left to end on its own: observe its failure and free its token then.
            _ = attempt.Task.ContinueWith(t => { _ = t.Exception; cancel.Dispose(); }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _attempts.Add(attempt);
            share.Running++;
        }

        private void Complete(Attempt attempt, SortedSet<int> pending)
        {
            attempt.Done = true;
            attempt.Share.Running--;
            var share = attempt.Share;
            try
            {
                if (attempt.Task.IsCompletedSuccessfully && !share.Settled)
                {
                    share.Settled = true;
                    accept(attempt.Silo, attempt.Task.Result);
                    pending.ExceptWith(share.Tasks.Select(t => t.Index));
                    _finished.Add(attempt.Clock.Elapsed.TotalSeconds);
                    Settle(share, attempt);
                }
                else if (attempt.Task.Exception?.InnerException is PartitionFailedException failed && !attempt.Backup)
                {
                    CancelAll();
                    throw failed.ToClientException();
                }
                else if (!share.Settled || attempt.Task.Exception?.InnerException is not (null or OperationCanceledException))
                {
                    // A real failure counts against the silo even when another copy of its share already answered;
                    // a copy cancelled because the other won says nothing about its silo.
                    var error = attempt.Task.Exception?.InnerException
                        ?? new TimeoutException($"silo {attempt.Silo} did not finish its share within the step timeout of {runner.Options.StepTimeout}");
                    LastFailure = error;
                    runner.Map.Suspect(attempt.Silo);
                    LogSiloFailed(runner.Logger, attempt.Silo, share.Tasks.Length, error.GetType().Name, FailureText.Of(error));
                }
            }
            finally
            {
                attempt.Cancel.Dispose();
            }
        }

        /// <summary>The share has its reply: stop its other copy, and keep the partitions where they answered from.</summary>
        private void Settle(Share share, Attempt winner)
        {
            int[] partitions = [.. share.Tasks.Select(t => t.Index)];
            foreach (var other in _attempts.Where(a => a.Share == share && a != winner && !a.Done))
            {
                other.Stop();
                _ = runner.ReleaseAsync(other.Silo, partitions);
            }

            if (winner.Backup)
            {
                foreach (var p in partitions)
                {
                    runner.Map.MoveTo(p, winner.Silo);
                }

                LogSpeculationWon(runner.Logger, partitions.Length, winner.Silo, share.Owner);
            }
        }

        /// <summary>Starts a backup of each share that runs far longer than the median finished share, on the least busy other silo.</summary>
        private void Speculate()
        {
            if (!speculate || _finished.Count == 0)
            {
                return;
            }

            var sorted = _finished.Order().ToArray();
            var median = sorted[sorted.Length / 2];
            var threshold = Math.Max(runner.Options.SpeculationMinimum.TotalSeconds, runner.Options.SpeculationMultiplier * median);
            foreach (var slow in _attempts.Where(a => !a.Done && !a.Backup && a.Share.Running == 1 && !a.Share.Settled && a.Clock.Elapsed.TotalSeconds > threshold).ToArray())
            {
                var busy = _attempts.Where(a => !a.Done).GroupBy(a => a.Silo, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                var backup = runner.Map.TrustedSilos
                    .Where(s => !string.Equals(s, slow.Silo, StringComparison.Ordinal))
                    .OrderBy(s => busy.GetValueOrDefault(s))
                    .ThenBy(s => s, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (backup is null)
                {
                    return;
                }

                LogSpeculating(runner.Logger, slow.Share.Tasks.Length, slow.Silo, slow.Clock.Elapsed.TotalSeconds, median, backup);
                Start(slow.Share, backup, backup: true);
                Speculations++;
            }
        }

        private void CancelAll()
        {
            foreach (var a in _attempts.Where(a => !a.Done))
            {
                a.Stop();
            }
        }

        /// <summary>One copy of a share in flight on one silo.</summary>
        private sealed class Attempt(Share share, string silo, bool backup, CancellationTokenSource cancel, Stopwatch clock)
        {
            public Share Share { get; } = share;

            public string Silo { get; } = silo;

            public bool Backup { get; } = backup;

            public CancellationTokenSource Cancel { get; } = cancel;

            public Stopwatch Clock { get; } = clock;

            public Task<TReply> Task { get; set; } = null!;

            public bool Done { get; set; }

            /// <summary>
            /// Cancels the call. A call that ended since the round last looked has already freed its token (its
            /// continuation disposes it at once, on whichever thread the reply came), and there is nothing left to stop.
            /// </summary>
            public void Stop()
            {
                try
                {
                    Cancel.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <summary>The partitions one silo answers for in a round.</summary>
    private sealed class Share(string owner, PartitionTask[] tasks)
    {
        public string Owner { get; } = owner;

        public PartitionTask[] Tasks { get; } = tasks;

        public bool Settled { get; set; }

        public int Running { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} failed while running {Partitions} partition(s) ({Kind}: {Reason}); placing them on the other silos")]
    private static partial void LogSiloFailed(ILogger logger, string silo, int partitions, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership changed: {Count} partition(s) of {Dataset} placed on other silos")]
    private static partial void LogPlacedAgain(ILogger logger, int count, string dataset);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Partitions} partition(s) on silo {Silo} straggle ({Elapsed:F2} s against a median of {Median:F2} s): running them on {Backup} too")]
    private static partial void LogSpeculating(ILogger logger, int partitions, string silo, double elapsed, double median, string backup);

    [LoggerMessage(Level = LogLevel.Information, Message = "The copy of {Partitions} partition(s) on {Winner} finished first; they now live there instead of on {Owner}")]
    private static partial void LogSpeculationWon(ILogger logger, int partitions, string winner, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusting {Count} suspected silo(s) again: a silo left membership, or no other silo was left to run on")]
    private static partial void LogForgiven(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership could not be read ({Reason}); keeping the placement for now")]
    private static partial void LogMembershipUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not release partitions on silo {Silo}: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string silo, string reason);
}
