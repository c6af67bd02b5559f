using MemoryPack;
using ShardML.Core.Data;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// How a row's label becomes the targets of a linear model's outputs; carried by every training and scoring
/// step. Regression: one output whose target is the numeric label. Binary: one output, +1 for rows of the
/// positive class and −1 for the other. One-vs-rest: k outputs, output c is +1 for class c and −1 otherwise — k
/// binary problems packed into one message and solved in the same passes over the data. Multinomial (softmax): k
/// outputs too, but coupled — a row's loss is the cross-entropy of all k scores against its class
/// (<see cref="Core.Numerics.Losses.SoftmaxCrossEntropy"/>), so the steps read the row's class, not per-output targets.
/// </summary>
/// <param name="Classes">The global classes in model order (numeric order when every name is a number, else ordinal); null for regression.</param>
/// <param name="PositiveClass">Binary: the index of the positive class in <paramref name="Classes"/>; −1 otherwise.</param>
[MemoryPackable]
public sealed partial record LabelEncoding(string[]? Classes, int PositiveClass)
{
    public static LabelEncoding Regression { get; } = new(null, -1);

    public bool IsClassification => Classes is not null;

    public bool IsBinary => Classes is not null && PositiveClass >= 0;

    /// <summary>The number of weight vectors: 1 for regression and binary, k for one-vs-rest and multinomial.</summary>
    public int Outputs => Classes is null || PositiveClass >= 0 ? 1 : Classes.Length;

    /// <summary>The negative class of a binary problem.</summary>
    public int NegativeClass => PositiveClass == 0 ? 1 : 0;

    /// <summary>
    /// True for one softmax model over the k classes (k &gt; 2). Declared after every other serialized member (MemoryPack
    /// writes get-only properties too, in declaration order), so a step serialized before it existed reads as
    /// one-vs-rest, which it was.
    /// </summary>
    public bool Multinomial { get; init; }

    public static LabelEncoding Binary(string[] classes, int positive)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(classes.Length, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(positive);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(positive, 1);
        return new LabelEncoding(classes, positive);
    }

    public static LabelEncoding OneVsRest(string[] classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes.Length, 2);
        return new LabelEncoding(classes, -1);
    }

    /// <summary>One multinomial (softmax) model over more than two classes.</summary>
    public static LabelEncoding Softmax(string[] classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes.Length, 3);
        return new LabelEncoding(classes, -1) { Multinomial = true };
    }

    /// <summary>
    /// Maps the partition's local label codes to global classes, once per step: O(local classes). A label that
    /// is not a class of the job is a <see cref="DataFormatException"/> at the row where it first appears.
    /// </summary>
    public BoundLabels Bind(Partition partition)
    {
        var labels = partition.Labels ?? throw new InvalidOperationException("the data has no label column");
        if (Classes is null)
        {
            return partition.LabelVocabulary is null
                ? new BoundLabels(labels, null, -1)
                : throw new InvalidOperationException("a regression needs a numeric label; the dataset was loaded with a categorical one");
        }

        var vocabulary = partition.LabelVocabulary
            ?? throw new InvalidOperationException("classification needs a categorical label: load the dataset with DatasetOptions.CategoricalLabel = true");
        var index = new Dictionary<string, int>(Classes.Length, StringComparer.Ordinal);
        for (var c = 0; c < Classes.Length; c++)
        {
            index[Classes[c]] = c;
        }

        var classOfCode = new int[vocabulary.Count];
        for (var code = 0; code < classOfCode.Length; code++)
        {
            if (!index.TryGetValue(vocabulary.Names[code], out classOfCode[code]))
            {
                throw vocabulary.SiteOf(code, partition.Source).Error(
                    $"label '{InputExcerpt.Of(vocabulary.Names[code])}' is not one of the model's classes {InputExcerpt.Names(Classes)}");
            }
        }

        return new BoundLabels(labels, classOfCode, IsBinary ? PositiveClass : -1, Multinomial);
    }
}
