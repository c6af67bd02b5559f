using MemoryPack;

namespace ShardML.Algorithms.Privacy;

/// <summary>
/// Everything a job has spent, in order: runs of equal (σ, q) steps, as Opacus' accountants keep it. Immutable;
/// <see cref="Then(double, double, long)"/> returns the longer history. Privacy composes, so the history is all an
/// accountant needs: a checkpoint that carries it lets a resumed job continue the sum instead of starting from zero.
/// </summary>
[MemoryPackable]
public sealed partial record PrivacyHistory(MechanismEntry[] Entries)
{
    public static PrivacyHistory Empty { get; } = new([]);

    [MemoryPackIgnore]
    public long TotalSteps => Entries.Sum(e => e.Steps);

    /// <summary>This history followed by <paramref name="steps"/> more steps; a run with the last entry's σ and q is extended.</summary>
    public PrivacyHistory Then(double noiseMultiplier, double sampleRate, long steps = 1)
    {
        var entry = new MechanismEntry(noiseMultiplier, sampleRate, steps);
        entry.Validate();
        if (Entries.Length > 0 && Entries[^1] is var last && last.NoiseMultiplier.Equals(noiseMultiplier) && last.SampleRate.Equals(sampleRate))
        {
            return new PrivacyHistory([.. Entries[..^1], last with { Steps = checked(last.Steps + steps) }]);
        }

        return new PrivacyHistory([.. Entries, entry]);
    }

    /// <summary>This history followed by <paramref name="next"/>: two mechanisms of one job (standardization, then training) add up.</summary>
    public PrivacyHistory Then(PrivacyHistory next) =>
        next.Entries.Aggregate(this, (history, entry) => history.Then(entry.NoiseMultiplier, entry.SampleRate, entry.Steps));

    public bool Equals(PrivacyHistory? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Aggregate(Entries.Length, HashCode.Combine);
}
