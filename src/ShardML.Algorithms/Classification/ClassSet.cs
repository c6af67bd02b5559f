using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// Class names in order of first appearance in the file, with where each first appears. Merging is an ordered
/// union — the lower partitions' classes, then the higher's new ones — which is associative, and because the merge
/// tree keeps lower partitions on the left the result lists classes in the file's order of first appearance, so
/// "the third class" of a binary problem is the first row of the file whose label is neither of the first two.
/// </summary>
/// <remarks>
/// A set, not a sum: under secure aggregation class discovery still runs in the clear (<see cref="IDisclosedSummary"/>),
/// so the driver learns the class names and the file and line where each first appears — no other row, and nothing of
/// the features.
/// </remarks>
[MemoryPackable]
public sealed partial class ClassSet : Summary<ClassSet>, IDisclosedSummary
{
    [MemoryPackConstructor]
    public ClassSet(List<string> names, List<LabelSite> sites, int capacity)
    {
        Names = names;
        Sites = sites;
        Capacity = capacity;
    }

    public List<string> Names { get; }

    /// <summary>Where each class first appears, parallel to <see cref="Names"/>.</summary>
    public List<LabelSite> Sites { get; }

    /// <summary>The most classes a job accepts; one more is kept to report it.</summary>
    public int Capacity { get; }

    /// <summary>True when there are more than <see cref="Capacity"/> classes.</summary>
    public bool Overflowed => Names.Count > Capacity;

    /// <summary>Adds a class unless it is known or the set is already over capacity.</summary>
    public void Add(string name, LabelSite site)
    {
        if (!Overflowed && !Names.Contains(name, StringComparer.Ordinal))
        {
            Names.Add(name);
            Sites.Add(site);
        }
    }

    [MemoryPackIgnore]
    public string Disclosure => "the class names, and the file and line where each first appears";

    public override ClassSet Merge(ClassSet higher)
    {
        for (var i = 0; i < higher.Names.Count; i++)
        {
            Add(higher.Names[i], higher.Sites[i]);
        }

        return this;
    }
}
