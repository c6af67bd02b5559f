using MemoryPack;

namespace ShardML.Core.Metrics;

/// <summary>
/// Counts of (actual class, predicted class) pairs, row-major with the actual class as the row. Counts are
/// integers, so merging partitions' matrices by addition is exact and the metrics do not depend on the order.
/// Precision, recall and F1 follow scikit-learn: a class never predicted (or never present) scores 0 there, and
/// the macro averages are unweighted means of the per-class values (macro F1 is the mean of per-class F1s).
/// </summary>
[MemoryPackable]
public sealed partial class ConfusionMatrix
{
    [MemoryPackConstructor]
    public ConfusionMatrix(int classCount, long[] counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(counts.Length, classCount * classCount);
        ClassCount = classCount;
        Counts = counts;
    }

    public ConfusionMatrix(int classCount)
        : this(classCount, new long[classCount * classCount])
    {
    }

    public int ClassCount { get; }

    /// <summary>Row-major counts: <c>Counts[actual × ClassCount + predicted]</c>.</summary>
    public long[] Counts { get; }

    [MemoryPackIgnore]
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var c in Counts)
            {
                total += c;
            }

            return total;
        }
    }

    public long this[int actual, int predicted] => Counts[(actual * ClassCount) + predicted];

    [MemoryPackIgnore]
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (var c = 0; c < ClassCount; c++)
            {
                correct += this[c, c];
            }

            var total = Total;
            return total == 0 ? double.NaN : (double)correct / total;
        }
    }

    [MemoryPackIgnore]
    public double MacroPrecision => Mean(Precision);

    [MemoryPackIgnore]
    public double MacroRecall => Mean(Recall);

    [MemoryPackIgnore]
    public double MacroF1 => Mean(F1);

    public void Add(int actual, int predicted) => Counts[(actual * ClassCount) + predicted]++;

    /// <summary>Adds <paramref name="other"/>'s counts to this matrix.</summary>
    public void MergeFrom(ConfusionMatrix other)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(other.ClassCount, ClassCount);
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += other.Counts[i];
        }
    }

    /// <summary>TP / (TP + FP) of class <paramref name="c"/>; 0 when it is never predicted.</summary>
    public double Precision(int c)
    {
        long predicted = 0;
        for (var a = 0; a < ClassCount; a++)
        {
            predicted += this[a, c];
        }

        return predicted == 0 ? 0 : (double)this[c, c] / predicted;
    }

    /// <summary>TP / (TP + FN) of class <paramref name="c"/>; 0 when it never occurs.</summary>
    public double Recall(int c)
    {
        long actual = 0;
        for (var p = 0; p < ClassCount; p++)
        {
            actual += this[c, p];
        }

        return actual == 0 ? 0 : (double)this[c, c] / actual;
    }

    /// <summary>The harmonic mean of precision and recall of class <paramref name="c"/>; 0 when both are 0.</summary>
    public double F1(int c)
    {
        var (p, r) = (Precision(c), Recall(c));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>The counts as rows (actual) of columns (predicted), for reports.</summary>
    public long[][] ToRows()
    {
        var rows = new long[ClassCount][];
        for (var a = 0; a < ClassCount; a++)
        {
            rows[a] = Counts.AsSpan(a * ClassCount, ClassCount).ToArray();
        }

        return rows;
    }

    private double Mean(Func<int, double> perClass)
    {
        double sum = 0;
        for (var c = 0; c < ClassCount; c++)
        {
            sum += perClass(c);
        }

        return sum / ClassCount;
    }
}
