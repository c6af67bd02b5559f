using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// One CoCoA+ round on a partition. First, at the broadcast w, it sums what the duality gap needs — Σ hinge(yᵢ w·x̃ᵢ)
/// and Σ βᵢ over its rows — then it runs <see cref="LocalSdca"/> for <c>LocalEpochs</c> passes and returns its whole
/// share w_k = 1/(λn) Σ_{i∈k} βᵢ yᵢ x̃ᵢ (not just the change), so the driver's w = Σ_k w_k is always the w of the
/// duals the partitions actually hold. The duals live in <see cref="Partition.State"/> under <c>StateKey</c>. A
/// partition continues from them only if they completed the previous round and are of the lineage whose share the
/// driver summed into w (<c>Origins</c>, see <see cref="CocoaLineage"/>); otherwise — missing (a reloaded partition),
/// of another round (a repeated round), or of another lineage (a silo whose late reply the driver replaced by another's)
/// — it rebuilds them from <c>Replays</c> when the driver sent them (a node new to the partition, see
/// <see cref="CocoaReplay"/>), and otherwise restarts from β = 0 and says so in <see cref="CocoaSummary.Resets"/>. The state is taken out of the cache while
/// the round changes it and put back when the round completes, so a round cancelled or failed half way leaves nothing a
/// later round could mistake for whole duals. The share w_k is summed afresh from the duals in the first pass, so the
/// duals are a partition's whole state (see <see cref="CocoaPartitionState"/>). Coefficients travel as raw weights and
/// raw intercepts, like every linear step's. Cost: O((1 + epochs) · m · nnz), the first pass adding an update per
/// non-zero dual (a support vector) to its dot product.
/// </summary>
/// <param name="Coefficients">w, m × (d + 1), raw: per output d weights then the intercept (the bias weight on raw features).</param>
/// <param name="Dimension">d.</param>
/// <param name="Encoding">Binary or one-vs-rest classes.</param>
/// <param name="Lambda">λ, the L2 penalty.</param>
/// <param name="TotalRows">n over all partitions.</param>
/// <param name="Aggregation">σ′ = K, the number of partitions with rows (CoCoA+ with adding, γ = 1).</param>
/// <param name="LocalEpochs">Passes of local dual ascent per round.</param>
/// <param name="Seed">The job's seed.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="StateKey">The job's key in the partitions' state.</param>
/// <param name="Coordinates">Standardized coordinates, or null for raw features.</param>
/// <param name="Origins">
/// By partition index, the origin of the duals whose share the driver summed into <paramref name="Coefficients"/>: the
/// lineage a partition may continue from (0 where none was summed: round 1, partitions without rows).
/// </param>
/// <param name="Replays">
/// Sent only to a node that did not run a partition's previous round (<see cref="ForNewHolder"/>): what rebuilds its
/// duals there (<see cref="CocoaReplay"/>), so a speculative copy or a share placed again continues the lineage instead
/// of restarting it, and returns the bits of the partition's usual node.
/// </param>
[MemoryPackable]
public sealed partial record CocoaStep(
    double[] Coefficients, int Dimension, LabelEncoding Encoding, double Lambda, long TotalRows, double Aggregation, int LocalEpochs, ulong Seed, int Round, string StateKey,
    StandardizedCoordinates? Coordinates, int[] Origins, CocoaReplay[]? Replays = null)
    : IPartitionStep<CocoaSummary>, IReplayableStep
{
    /// <summary>On the driver only: the replays of given partitions for this round (see <see cref="ForNewHolder"/>).</summary>
    [MemoryPackIgnore]
    public Func<IReadOnlyList<int>, CocoaReplay[]>? ReplaySource { get; init; }

    public IPartitionStep ForNewHolder(IReadOnlyList<int> partitions) =>
        ReplaySource is null ? this : this with { Replays = ReplaySource(partitions), ReplaySource = null };

    public CocoaSummary Run(Partition partition, StepContext context)
    {
        var m = Encoding.Outputs;
        var stride = Dimension + 1;
        var summary = new CocoaSummary(new double[m * stride], new double[m], new double[m], partition.RowCount, 0, []) { PartitionCount = Origins.Length };
        if (partition.RowCount == 0)
        {
            return summary;
        }

        var labels = Encoding.Bind(partition);
        Coordinates?.CheckFits(partition);
        var setting = new LocalSdca.Setting(Dimension, Lambda * TotalRows, Aggregation, Coordinates);
        var state = partition.State.TryRemove(StateKey, out var cached) ? cached as CocoaPartitionState : null;
        if (state is null || state.Round != Round - 1 || state.Origin != Origins[context.PartitionIndex] || state.Duals.Length != partition.RowCount * m)
        {
            state = Replayed(partition, labels, setting, context);
            if (state is null)
            {
                // From round 2 on, w holds a share of this partition that fresh duals do not match: the driver ignores this round's gap.
                summary.Resets = Round > 1 ? 1 : 0;
                state = new CocoaPartitionState(partition.RowCount, m, Dimension, LocalSdca.SquaredNorms(partition, Coordinates)) { Origin = Round };
            }
        }

        Advance(partition, labels, state, Coefficients, Round, setting, summary, context);
        state.Round = Round;
        partition.State[StateKey] = state;
        summary.Lineages.Add(new CocoaLineage(context.PartitionIndex, state.Origin));

        // A copy (merging adds into the summary in place), with each bias weight b′ turned back into a raw intercept.
        state.Contribution.CopyTo(summary.Contributions, 0);
        for (var c = 0; c < m; c++)
        {
            summary.Contributions[(c * stride) + Dimension] -= Coordinates?.Offset(summary.Contributions.AsSpan(c * stride, Dimension)) ?? 0;
        }

        return summary;
    }

    /// <summary>The duals of this partition at the end of the previous round, rebuilt from <c>Replays</c>, or null when they cannot be.</summary>
    internal CocoaPartitionState? Rebuilt(Partition partition, StepContext context)
    {
        if (partition.RowCount == 0)
        {
            return null;
        }

        Coordinates?.CheckFits(partition);
        return Replayed(partition, Encoding.Bind(partition), new LocalSdca.Setting(Dimension, Lambda * TotalRows, Aggregation, Coordinates), context);
    }

    /// <summary>
    /// The duals this partition's lineage holds at the end of the previous round, rebuilt from the driver's replay, or
    /// null when there is none that fits (then the partition restarts from β = 0, as before replays existed).
    /// </summary>
    private CocoaPartitionState? Replayed(Partition partition, BoundLabels labels, LocalSdca.Setting setting, StepContext context)
    {
        var replay = Replays is null ? null : Array.Find(Replays, r => r.Partition == context.PartitionIndex);
        var m = Encoding.Outputs;
        if (replay is null || replay.Origin <= 0 || replay.Origin != Origins[context.PartitionIndex] || replay.From + replay.Broadcasts.Length != Round
            || (replay.Duals is null ? replay.From != replay.Origin : replay.Duals.Length != partition.RowCount * m))
        {
            return null;
        }

        var norms = LocalSdca.SquaredNorms(partition, Coordinates);
        var state = replay.Duals is null
            ? new CocoaPartitionState(partition.RowCount, m, Dimension, norms) { Origin = replay.Origin }
            : new CocoaPartitionState((double[])replay.Duals.Clone(), m, Dimension, norms) { Origin = replay.Origin }; // a copy: steps never change their message
        for (var j = 0; j < replay.Broadcasts.Length; j++)
        {
            Advance(partition, labels, state, replay.Broadcasts[j], replay.From + j, setting, null, context);
        }

        state.Round = Round - 1;
        return state;
    }

    /// <summary>
    /// One round on <paramref name="state"/> at the broadcast <paramref name="coefficients"/>: the gap's sums into
    /// <paramref name="summary"/> (none when replaying), w_k summed afresh from the duals, then the local dual ascent.
    /// </summary>
    private void Advance(
        Partition partition, BoundLabels labels, CocoaPartitionState state, double[] coefficients, int round, LocalSdca.Setting setting, CocoaSummary? summary, StepContext context)
    {
        var m = Encoding.Outputs;
        var stride = Dimension + 1;

        // At the broadcast w: the gap's sums; and w_k of the duals held, summed afresh in row order (see CocoaPartitionState).
        Array.Clear(state.Contribution);
        for (var i = 0; i < partition.RowCount; i++)
        {
            for (var c = 0; c < m; c++)
            {
                var w = coefficients.AsSpan(c * stride, stride);
                var y = labels.Target(i, c);
                var dual = state.Duals[(i * m) + c];
                if (summary is not null)
                {
                    var margin = y * (LocalSdca.Dot(partition, i, w, Dimension) + w[Dimension]);
                    summary.HingeSums[c] += Math.Max(0, 1 - margin);
                    summary.DualSums[c] += dual;
                }

                if (dual != 0)
                {
                    LocalSdca.AddScaled(partition, i, dual * y / setting.LambdaN, state.Contribution.AsSpan(c * stride, stride), setting);
                }
            }
        }

        // The local view in the solver's coordinates: raw weights, b′ = b + u·μ, and the offset s = u·μ.
        var local = (double[])coefficients.Clone();
        var offsets = new double[m];
        for (var c = 0; c < m; c++)
        {
            offsets[c] = Coordinates?.Offset(local.AsSpan(c * stride, Dimension)) ?? 0;
            local[(c * stride) + Dimension] += offsets[c];
        }

        LocalSdca.Run(
            partition,
            labels,
            state,
            local,
            offsets,
            setting,
            new LocalSdca.Schedule(LocalEpochs, Seed, round, context.PartitionIndex),
            context.CancellationToken);
    }
}
