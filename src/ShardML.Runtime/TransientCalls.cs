using Orleans.Runtime.Messaging;

namespace ShardML.Runtime;

/// <summary>
/// A client's calls to the cluster, retried through what a silo's death leaves behind for a while: until membership
/// declares the silo dead (seconds), a call whose grain, or whose grain's directory entry, lived there is rejected or
/// times out, and the same call a moment later succeeds on a survivor. The calls retried are idempotent (planning,
/// describing, submitting the same job, asking about it); other failures pass through at once.
/// </summary>
internal static class TransientCalls
{
    /// <summary>
    /// Runs <paramref name="call"/>, again with backoff (from <see cref="ClusterExecutorOptions.RetryDelay"/>, doubling
    /// to two seconds) while it fails transiently, for at most <see cref="ClusterExecutorOptions.RecoveryTimeout"/>; then
    /// a <see cref="ClusterUnavailableException"/> says what did not answer.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, string what, ClusterExecutorOptions options, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delay = options.RetryDelay;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                if (clock.Elapsed + delay > options.RecoveryTimeout)
                {
                    throw new ClusterUnavailableException($"{what}: the cluster did not answer for {options.RecoveryTimeout.TotalSeconds:0} s (last failure: {FailureText.Of(e)})", e);
                }
            }

            await Task.Delay(delay, cancellationToken);
            delay = ClusterExecutorOptions.NextRetryDelay(delay);
        }
    }

    /// <summary>A failure that a silo's death explains and that passes once membership catches up.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException or Orleans.Runtime.OrleansLifecycleCanceledException;
}
