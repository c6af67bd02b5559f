using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ShardML.Core.Execution;
using ShardML.Core.SecureAggregation;
using ShardML.Runtime.Grains;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Placement;

namespace ShardML.Runtime.SecureAggregation;

/// <summary>
/// The driver's side of secure aggregation for one dataset (one session): each pass is sent to every silo that holds
/// partitions, each silo returns one masked (or encrypted) share, and the driver adds the shares and decodes only the
/// total. All or nothing: a silo that fails or leaves makes the whole pass run again among the silos then trusted, as a
/// new attempt with fresh masks, so no share is ever unmasked without all the others of its attempt.
/// </summary>
/// <remarks>
/// The bound: each attempt names a class (a power of two, <see cref="SumBound"/>); every share carries a one-hot vector
/// of its silo's class, and the total of those is a histogram attributable to no silo. When its largest class differs
/// from the one asked for, the pass runs again at that class (the silos re-encode the sums they kept, without running the
/// step), so the encoding is a function of the data alone and the totals have the same bits for any placement, silo
/// count or failure. The class asked for first is the one the same step had last time, usually right. A pass costs
/// one round when the class holds, two when it moves, plus one per failure. No speculation: a straggler is waited for.
/// </remarks>
internal sealed partial class SecurePassRunner(
    SecureAggregationMode mode,
    string session,
    PartitionTask[] tasks,
    PassRunner runner,
    ClusterExecutorOptions options,
    Func<string, ISiloAggregatorGrain> aggregator,
    WireTypeRegistry wire,
    ILogger logger)
{
    /// <summary>The class asked for the first time a step runs: 2²⁰, about a million.</summary>
    private static readonly int FirstClass = SumBound.ClassOfExponent(20);

    private readonly Dictionary<string, int> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IAdditiveSummary> _templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MaskingAnnouncement> _announcements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _introduced = new(StringComparer.Ordinal);
    private Core.SecureAggregation.PaillierKeyPair? _paillier;
    private byte[]? _paillierPublic;
    private int _pass;

    private PartitionMap Map => runner.Map;

    /// <summary>
    /// Runs one pass of <paramref name="stepType"/>; <paramref name="message"/> builds (and uploads) the step batch for a
    /// silo and its partitions. Returns the total as the step's summary type, and what the pass cost.
    /// </summary>
    public async Task<(ISummary Total, PassStatistics Statistics)> RunAsync(
        string stepType, Func<string, PartitionTask[], CancellationToken, Task<(StepBatch Batch, long Sent)>> message, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pass = ++_pass;
        var attempt = 0;
        var boundClass = _classes.GetValueOrDefault(stepType, FirstClass);
        TimeSpan? firstFailure = null;
        Exception? lastFailure = null;
        int retries = 0, silos = 0;
        long sent = 0, received = 0;
        double compute = 0;
        var reloaded = 0;
        var delay = options.RetryDelay;
        var force = options.MinimumSilos > 1;
        if (mode == SecureAggregationMode.Paillier && _paillier is null)
        {
            _paillier = await Task.Run(() => Core.SecureAggregation.PaillierKeyPair.Generate(PaillierModulusBits), cancellationToken);
            _paillierPublic = _paillier.PublicKey.ToBytes();
        }

        while (true)
        {
            await runner.RefreshAsync(force, cancellationToken);
            string[] participants = [.. Map.Owners.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var failed = new List<(string Silo, Exception Error)>();
            Share[] shares = [];
            if (Map.TrustedSilos.Count < options.MinimumSilos || participants.Any(p => !Map.IsTrusted(p)))
            {
                failed.Add((string.Empty, new InvalidOperationException($"{Map.TrustedSilos.Count} silo(s) answer, and the partitions are not all placed on them")));
            }
            else
            {
                await AnnounceAsync(participants, failed, cancellationToken);
                if (failed.Count == 0)
                {
                    var needTemplate = !_templates.ContainsKey(stepType);
                    var calls = participants.Select(p => CallAsync(
                        p,
                        new SecurePass(mode, session, pass, attempt, participants, boundClass, tasks.Length, NewPeers(p, participants), _paillierPublic, needTemplate && p == participants[0]),
                        message,
                        cancellationToken)).ToArray();
                    shares = await Task.WhenAll(calls);
                    failed.AddRange(shares.Where(s => s.Error is not null).Select(s => (s.Silo, s.Error!)));
                }
            }

            sent += shares.Sum(s => s.Sent);
            received += shares.Sum(s => (long)(s.Reply?.Payload.Length ?? 0));
            cancellationToken.ThrowIfCancellationRequested();
            if (failed.Count == 0)
            {
                silos = participants.Length;
                compute += shares.Max(s => s.Reply!.ComputeSeconds);
                reloaded += shares.Sum(s => s.Reply!.ReloadedPartitions);
                foreach (var s in shares)
                {
                    _introduced.GetValueOrDefault(s.Silo)?.UnionWith(participants);
                }

                if (!TryTemplate(stepType, shares[0].Reply!, out var template))
                {
                    attempt++; // the template the driver kept is of another length: ask for the step's again
                    continue;
                }

                var words = Combine(shares.Select(s => s.Reply!).ToArray(), participants.Length);
                var largest = SumBound.LargestClass(words.AsSpan(0, SumBound.ClassCount));
                if (largest != SumBound.NotFiniteClass && largest != boundClass)
                {
                    LogBoundMoved(logger, pass, SumBound.ExponentOf(boundClass), SumBound.ExponentOf(largest));
                    boundClass = largest;
                    attempt++;
                    continue;
                }

                var total = Total(template, words, largest);
                _classes[stepType] = largest;
                var statistics = new PassStatistics(
                    stepType[(stepType.LastIndexOf('.') + 1)..], silos, sent, received, clock.Elapsed.TotalSeconds, compute, reloaded, retries, 0,
                    firstFailure is { } f ? (clock.Elapsed - f).TotalSeconds : 0);
                return (total, statistics);
            }

            foreach (var (silo, error) in failed)
            {
                if (Deterministic(error) is { } fatal)
                {
                    throw fatal;
                }

                lastFailure = error;
                if (silo.Length > 0)
                {
                    Map.Suspect(silo);
                    _introduced.Remove(silo); // a silo that failed may have lost what it was told
                    LogSiloFailed(logger, silo, pass, attempt, error.GetType().Name, error.Message);
                }
            }

            firstFailure ??= clock.Elapsed;
            if (clock.Elapsed - firstFailure > options.RecoveryTimeout)
            {
                throw new ClusterUnavailableException(
                    $"pass {pass} under secure aggregation could not finish for {options.RecoveryTimeout.TotalSeconds:0} s: every attempt lost a silo (last failure: {lastFailure?.Message})",
                    lastFailure ?? new InvalidOperationException("no silo answered"));
            }

            retries++;
            attempt++;
            await Task.Delay(delay, cancellationToken);
            delay = ClusterExecutorOptions.NextRetryDelay(delay);
            force = true;
        }
    }

    /// <summary>The Paillier modulus: 2048 bits, 112-bit security (NIST SP 800-57), the shortest accepted.</summary>
    private const int PaillierModulusBits = 2048;

    /// <summary>Refusals and data errors end the job: the same pass would fail the same way on any silo.</summary>
    private static Exception? Deterministic(Exception error) => error switch
    {
        PartitionFailedException failed => failed.ToClientException(),
        SecureAggregationRefusedException refused => refused,
        _ => null,
    };

    /// <summary>Collects the signed masking key of every participant that has not announced one in this session.</summary>
    private async Task AnnounceAsync(string[] participants, List<(string Silo, Exception Error)> failed, CancellationToken cancellationToken)
    {
        if (mode != SecureAggregationMode.Masking || participants.Length < 2)
        {
            return;
        }

        await Task.WhenAll(participants.Where(p => !_announcements.ContainsKey(p)).Select(async p =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.StepTimeout);
                var announcement = await aggregator(p).JoinMaskingAsync(session, timeout.Token);
                if (!string.Equals(announcement.Silo, p, StringComparison.Ordinal))
                {
                    throw new SecureAggregationRefusedException($"silo {p} announced a masking key as '{announcement.Silo}'");
                }

                lock (_announcements)
                {
                    _announcements[p] = announcement;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (failed)
                {
                    failed.Add((p, e));
                }
            }
        }));
    }

    /// <summary>The signed keys of the participants <paramref name="silo"/> has not been introduced to in this session.</summary>
    private MaskingAnnouncement[] NewPeers(string silo, string[] participants)
    {
        if (mode != SecureAggregationMode.Masking || participants.Length < 2)
        {
            return [];
        }

        if (!_introduced.TryGetValue(silo, out var known))
        {
            _introduced[silo] = known = new HashSet<string>(StringComparer.Ordinal) { silo };
        }

        return [.. participants.Where(p => !known.Contains(p)).Select(p => _announcements[p])];
    }

    private async Task<Share> CallAsync(
        string silo, SecurePass request, Func<string, PartitionTask[], CancellationToken, Task<(StepBatch Batch, long Sent)>> message, CancellationToken cancellationToken)
    {
        long sent = 0;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.StepTimeout);
            PartitionTask[] share = [.. tasks.Where(t => string.Equals(Map.OwnerOf(t.Index), silo, StringComparison.Ordinal))];
            (var batch, sent) = await message(silo, share, timeout.Token);
            var reply = await aggregator(silo).RunSecureAsync(batch, request, timeout.Token);
            if (reply.Staged is { } staged)
            {
                reply = reply with { Payload = await ChunkedTransfer.FetchAsync(aggregator(silo), staged, reply.StagedLength, options, timeout.Token), Staged = null };
            }

            return new Share(silo, reply, null, sent);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = e is OperationCanceledException ? new TimeoutException($"silo {silo} did not send its share within the step timeout of {options.StepTimeout}") : e;
            return new Share(silo, null, error, sent);
        }
    }

    /// <summary>The shares added: masked words modulo 2⁶⁴, or ciphertexts multiplied and then decrypted.</summary>
    private ulong[] Combine(SecureShare[] shares, int participants)
    {
        var length = shares[0].SumLength;
        if (shares.Any(s => s.SumLength != length || !string.Equals(s.TemplateType, shares[0].TemplateType, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("the silos' shares of one pass differ in type or length");
        }

        if (mode == SecureAggregationMode.Masking)
        {
            var total = new ulong[SumBound.ClassCount + length];
            foreach (var s in shares)
            {
                SharePayload.AddWords(s.Payload, total);
            }

            return total;
        }

        var key = _paillier!;
        var bits = key.PublicKey.ModulusBits;
        var parts = shares.Select(s => SharePayload.ToCiphertexts(key.PublicKey, s.Payload)).ToArray();
        var histogram = parts[0].Histogram;
        var sums = parts[0].Sums;
        foreach (var p in parts.Skip(1))
        {
            histogram = PaillierVector.Add(key.PublicKey, histogram, p.Histogram);
            sums = PaillierVector.Add(key.PublicKey, sums, p.Sums);
        }

        return
        [
            .. PaillierVector.Decrypt(key.PrivateKey, SharePayload.HistogramPacking(participants, bits), histogram, SumBound.ClassCount),
            .. PaillierVector.Decrypt(key.PrivateKey, SharePayload.SumsPacking(participants, bits), sums, length),
        ];
    }

    /// <summary>
    /// The template of the step's summary: the one the first participant sent (and which is kept for the step's later
    /// passes), or the one kept; false when the kept one is not of the shares' length, so the pass must ask again.
    /// </summary>
    private bool TryTemplate(string stepType, SecureShare first, out IAdditiveSummary template)
    {
        if (first.TemplateSummary is IAdditiveSummary local)
        {
            template = local;
        }
        else if (first.Template.Length > 0)
        {
            template = (IAdditiveSummary)wire.Decode<ISummary>(new WirePayload(first.TemplateType, first.Template));
        }
        else if (_templates.TryGetValue(stepType, out var kept) && kept.SumLength == first.SumLength)
        {
            template = kept;
            return true;
        }
        else
        {
            _templates.Remove(stepType);
            template = null!;
            return false;
        }

        _templates[stepType] = template;
        return true;
    }

    /// <summary>The total as the step's summary type: the decoded sums, or NaN everywhere when some value was not finite.</summary>
    private ISummary Total(IAdditiveSummary template, ulong[] words, int boundClass)
    {
        var length = template.SumLength;
        if (boundClass == SumBound.NotFiniteClass)
        {
            LogNotFinite(logger, template.GetType().Name);
            return template.WithSums(Enumerable.Repeat(double.NaN, length).ToArray());
        }

        return template.WithSums(SumBound.CodecFor(boundClass, tasks.Length).Decode(words.AsSpan(SumBound.ClassCount)));
    }

    /// <summary>One silo's reply to an attempt, or why it has none.</summary>
    private sealed record Share(string Silo, SecureShare? Reply, Exception? Error, long Sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} failed during pass {Pass}, attempt {Attempt} under secure aggregation ({Kind}: {Reason}); the pass runs again among the silos left, with fresh masks")]
    private static partial void LogSiloFailed(ILogger logger, string silo, int pass, int attempt, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pass {Pass}: the sums reach 2^{Found}, not 2^{Asked}; encoding them again for that bound")]
    private static partial void LogBoundMoved(ILogger logger, int pass, int asked, int found);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A summary {Type} held a value that is not finite (or beyond 2^160); its total is NaN")]
    private static partial void LogNotFinite(ILogger logger, string type);
}
