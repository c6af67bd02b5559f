using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// The distinct class labels of a partition, in order of first appearance, each with the row where it first
/// appears: read straight from the vocabulary the reader built, so the pass costs O(local classes), not O(rows).
/// </summary>
/// <param name="MaximumClasses">Summaries keep at most this many classes plus one (to name the one too many).</param>
[MemoryPackable]
public sealed partial record ClassDiscoveryStep(int MaximumClasses) : IPartitionStep<ClassSet>
{
    public ClassSet Run(Partition partition, StepContext context)
    {
        var vocabulary = partition.LabelVocabulary
            ?? throw new InvalidOperationException("classification needs a categorical label: load the dataset with DatasetOptions.CategoricalLabel = true");
        var set = new ClassSet([], [], MaximumClasses);
        for (var code = 0; code < vocabulary.Count; code++)
        {
            set.Add(vocabulary.Names[code], vocabulary.SiteOf(code, partition.Source));
        }

        return set;
    }
}
