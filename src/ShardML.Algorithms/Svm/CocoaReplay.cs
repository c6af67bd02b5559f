using MemoryPack;

namespace ShardML.Algorithms.Svm;

/// <summary>
/// What a partition needs to rebuild the duals it would hold at the start of a round, on a node that did not run its
/// previous rounds (a speculative copy, a share placed again): where its lineage starts and every broadcast w since. A
/// round's dual steps are a function of the duals it starts from, its broadcast w and its seeded visiting order (see
/// <see cref="CocoaLineage"/>), so replaying those rounds gives the duals to the bit, and the copy's reply is the one
/// the usual node would have sent. The start is the duals a checkpoint collected (the driver keeps the last ones, so a
/// replay is at most <c>--checkpoint-every</c> rounds), or β = 0 at the lineage's origin where there are none (under
/// secure aggregation, whose checkpoints keep no per-row duals, or without checkpoints).
/// </summary>
/// <param name="Partition">The partition's index.</param>
/// <param name="Origin">The lineage's origin (see <see cref="CocoaLineage"/>).</param>
/// <param name="From">The first round to replay.</param>
/// <param name="Duals">The duals after round <paramref name="From"/> − 1, or null to start from β = 0 (then <paramref name="From"/> is the origin).</param>
/// <param name="Broadcasts">The broadcast w of rounds <paramref name="From"/>, <paramref name="From"/> + 1, … up to the round before the current one.</param>
[MemoryPackable]
public sealed partial record CocoaReplay(int Partition, int Origin, int From, double[]? Duals, double[][] Broadcasts);
