using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// Scores every row of a partition and counts what the classification metrics need: the confusion matrix; for a
/// binary problem the score histogram behind ROC AUC and, for a probabilistic binary or multinomial model, the summed
/// log loss. Cost:
/// one pass, m dot products per row; the histogram adds a 2 MB table per partition.
/// </summary>
/// <param name="Coefficients">m × (d + 1): each output's weights then its intercept, on raw features.</param>
/// <param name="Dimension">d.</param>
/// <param name="Encoding">The classes and how outputs map to them.</param>
/// <param name="Probabilistic">True for logistic models: log loss is summed.</param>
[MemoryPackable]
public sealed partial record ClassificationEvaluationStep(double[] Coefficients, int Dimension, LabelEncoding Encoding, bool Probabilistic)
    : IPartitionStep<ClassificationEvaluation>
{
    public ClassificationEvaluation Run(Partition partition, StepContext context)
    {
        var labels = Encoding.Bind(partition);
        var counts = new ClassificationCounts(Encoding, Probabilistic);
        var scores = new double[Encoding.Outputs];
        var multinomial = Probabilistic && Encoding.Multinomial;
        for (var i = 0; i < partition.RowCount; i++)
        {
            LinearDecision.Scores(partition, i, Coefficients, Dimension, scores);
            var actual = labels.ClassOf(i);
            var predicted = LinearDecision.Decide(scores, Encoding);
            if (multinomial)
            {
                // The model's own loss: p_y = e^(−ℓ) with ℓ the row's cross-entropy, stable where p_y underflows.
                counts.Add(actual, predicted, (float)scores[0], Math.Exp(-Core.Numerics.Losses.SoftmaxCrossEntropy.Value(scores, actual)));
                continue;
            }

            var probability = Probabilistic && Encoding.IsBinary ? Core.Numerics.Losses.LogisticLoss.Sigmoid(scores[0]) : double.NaN;
            counts.Add(actual, predicted, (float)scores[0], actual == Encoding.PositiveClass ? probability : 1 - probability);
        }

        // A multinomial model's probabilities are the ones it was trained to make: its log loss is its training objective's.
        return counts.ToSummary(logLossForMulticlass: multinomial);
    }
}

/// <summary>Confusion matrix, score histogram (binary) and summed log loss (binary, probabilistic) of a run of partitions; merging adds.</summary>
/// <remarks>
/// As sums (<see cref="IAdditiveSummary"/>): the k × k counts, the log-loss sum, and for a binary problem the score
/// histogram counted densely into 2^<see cref="SecureHistogramBits"/> bins of each class — coarser than the
/// 2^<see cref="ScoreHistogram.KeyBits"/> of the clear path (a bin spans 2⁻³ of its scores' magnitude instead of 2⁻⁹), so
/// a dense vector stays small; the AUC's error bound, computed from the histogram, says what that costs.
/// </remarks>
[MemoryPackable]
public sealed partial class ClassificationEvaluation : Summary<ClassificationEvaluation>, IAdditiveSummary
{
    /// <summary>Bits of the score bins when the histogram travels as sums: 2 × 4,096 counts.</summary>
    public const int SecureHistogramBits = 12;

    [MemoryPackConstructor]
    public ClassificationEvaluation(ConfusionMatrix matrix, ScoreHistogram? histogram, double logLossSum, bool hasLogLoss)
    {
        Matrix = matrix;
        Histogram = histogram;
        LogLossSum = logLossSum;
        HasLogLoss = hasLogLoss;
    }

    public ConfusionMatrix Matrix { get; }

    public ScoreHistogram? Histogram { get; }

    public double LogLossSum { get; private set; }

    public bool HasLogLoss { get; }

    [MemoryPackIgnore]
    public int SumLength => Matrix.Counts.Length + 1 + (Histogram is null ? 0 : 2 << SecureHistogramBits);

    public void WriteSums(Span<double> destination)
    {
        Common.SummarySums.Check(destination.Length, SumLength);
        var counts = Matrix.Counts;
        for (var i = 0; i < counts.Length; i++)
        {
            destination[i] = counts[i];
        }

        destination[counts.Length] = LogLossSum;
        Histogram?.WriteDense(SecureHistogramBits, destination[(counts.Length + 1)..]);
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        Common.SummarySums.Check(totals.Length, SumLength);
        var counts = new long[Matrix.Counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Common.SummarySums.Count(totals[i]);
        }

        var histogram = Histogram is null ? null : ScoreHistogram.FromDense(SecureHistogramBits, totals[(counts.Length + 1)..]);
        return new ClassificationEvaluation(new ConfusionMatrix(Matrix.ClassCount, counts), histogram, totals[counts.Length], HasLogLoss);
    }

    public override ClassificationEvaluation Merge(ClassificationEvaluation higher)
    {
        Matrix.MergeFrom(higher.Matrix);
        if (higher.Histogram is not null)
        {
            Histogram!.MergeFrom(higher.Histogram);
        }

        LogLossSum += higher.LogLossSum;
        return this;
    }
}
