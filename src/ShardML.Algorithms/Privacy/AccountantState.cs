using MemoryPack;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// What a training checkpoint carries of its accountant: the kind, so a resume cannot switch accountants midway, and
/// the whole history, so the resumed accountant continues the sum. <see cref="PrivacyAccountants.Restore"/> rebuilds it.
/// </summary>
[MemoryPackable]
public sealed partial record AccountantState(AccountantKind Kind, PrivacyHistory History);
