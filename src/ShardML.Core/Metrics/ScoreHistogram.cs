using MemoryPack;

namespace ShardML.Core.Metrics;

/// <summary>
/// A mergeable histogram of binary classifier scores for the area under the ROC curve, in memory bounded
/// independently of the row count. Exact AUC needs every (score, label) pair sorted — n values shipped to one
/// node — so it does not scale; this keeps, per bin, how many positive and negative rows scored in it.
/// <para>
/// Bins: a score's float bits are mapped to an unsigned key whose order is the scores' order, and the key's top
/// <see cref="KeyBits"/> bits are the bin: sign, exponent and the leading 9 mantissa bits, so a bin spans a relative
/// width of 2⁻⁹ ≈ 0.2 % of its scores' magnitude, whatever their range (probabilities or unbounded margins). At most
/// 2¹⁸ bins exist; a partition counts into a dense 2 MB table and ships only its non-empty bins, sorted, and merging
/// is a sorted merge.
/// </para>
/// <para>
/// Accuracy: AUC = P(s⁺ &gt; s⁻) + ½ P(s⁺ = s⁻). Pairs in different bins are ordered exactly; pairs of a positive and
/// a negative in the same bin count ½, as ties. The exact AUC therefore lies within ± <see cref="AucErrorBound"/> =
/// Σ_b P_b N_b / (2 P N) of <see cref="Auc"/>, a bound computed from the histogram itself and reported with it. It is
/// 0 when no bin holds both classes, and small unless many positives and negatives score within 0.2 % of each other.
/// </para>
/// </summary>
[MemoryPackable]
public sealed partial class ScoreHistogram
{
    /// <summary>Bits of the order-preserving key that form the bin.</summary>
    public const int KeyBits = 18;

    private const int Shift = 32 - KeyBits;

    [MemoryPackConstructor]
    public ScoreHistogram(uint[] bins, long[] positives, long[] negatives)
    {
        Bins = bins;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>The non-empty bins, ascending (ascending scores).</summary>
    public uint[] Bins { get; private set; }

    public long[] Positives { get; private set; }

    public long[] Negatives { get; private set; }

    /// <summary>The area under the ROC curve, ties within a bin counted as half; NaN without both classes.</summary>
    [MemoryPackIgnore]
    public double Auc
    {
        get
        {
            var (positives, negatives) = Totals();
            if (positives == 0 || negatives == 0)
            {
                return double.NaN;
            }

            double wins = 0;
            double negativesBelow = 0;
            for (var b = 0; b < Bins.Length; b++)
            {
                wins += Positives[b] * (negativesBelow + (Negatives[b] / 2.0));
                negativesBelow += Negatives[b];
            }

            return wins / ((double)positives * negatives);
        }
    }

    /// <summary>The largest possible |exact AUC − <see cref="Auc"/>|: half the share of positive–negative pairs that share a bin.</summary>
    [MemoryPackIgnore]
    public double AucErrorBound
    {
        get
        {
            var (positives, negatives) = Totals();
            if (positives == 0 || negatives == 0)
            {
                return double.NaN;
            }

            double shared = 0;
            for (var b = 0; b < Bins.Length; b++)
            {
                shared += (double)Positives[b] * Negatives[b];
            }

            return shared / (2.0 * positives * negatives);
        }
    }

    /// <summary>The ROC and precision–recall curves, one point per non-empty bin; null without both classes.</summary>
    public ScoreCurves? Curves()
    {
        var (positives, negatives) = Totals();
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var points = Bins.Length + 1;
        var thresholds = new double[points];
        var fpr = new double[points];
        var tpr = new double[points];
        var precision = new double[points];
        thresholds[0] = double.PositiveInfinity;
        precision[0] = 1;
        long truePositives = 0, falsePositives = 0;
        for (var b = Bins.Length - 1; b >= 0; b--)
        {
            truePositives += Positives[b];
            falsePositives += Negatives[b];
            var k = Bins.Length - b;
            thresholds[k] = LowerEdge(Bins[b]);
            fpr[k] = (double)falsePositives / negatives;
            tpr[k] = (double)truePositives / positives;
            precision[k] = truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives);
        }

        return new ScoreCurves(thresholds, fpr, tpr, precision, positives, negatives);
    }

    /// <summary>The smallest score of bin <paramref name="bin"/>: the inverse of <see cref="BinOf"/> at the bin's first key.</summary>
    public static float LowerEdge(uint bin)
    {
        var key = bin << Shift;
        var bits = (key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key; // a negative bin's first key is its most negative score
        return BitConverter.UInt32BitsToSingle(bits);
    }

    /// <summary>The bin of <paramref name="score"/>: monotone non-decreasing in the score, −0 and +0 alike.</summary>
    public static uint BinOf(float score)
    {
        var bits = BitConverter.SingleToUInt32Bits(score == 0 ? 0f : score);
        var key = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return key >> Shift;
    }

    /// <summary>Adds <paramref name="higher"/>'s bins to this histogram (a sorted merge).</summary>
    public void MergeFrom(ScoreHistogram higher)
    {
        var bins = new List<uint>(Bins.Length + higher.Bins.Length);
        var positives = new List<long>(bins.Capacity);
        var negatives = new List<long>(bins.Capacity);
        int i = 0, j = 0;
        while (i < Bins.Length || j < higher.Bins.Length)
        {
            if (j == higher.Bins.Length || (i < Bins.Length && Bins[i] < higher.Bins[j]))
            {
                bins.Add(Bins[i]);
                positives.Add(Positives[i]);
                negatives.Add(Negatives[i++]);
            }
            else if (i == Bins.Length || higher.Bins[j] < Bins[i])
            {
                bins.Add(higher.Bins[j]);
                positives.Add(higher.Positives[j]);
                negatives.Add(higher.Negatives[j++]);
            }
            else
            {
                bins.Add(Bins[i]);
                positives.Add(Positives[i] + higher.Positives[j]);
                negatives.Add(Negatives[i++] + higher.Negatives[j++]);
            }
        }

        Bins = [.. bins];
        Positives = [.. positives];
        Negatives = [.. negatives];
    }

    /// <summary>
    /// The counts in 2^<paramref name="coarseBits"/> bins (each the top bits of a bin), all the positives' then all the
    /// negatives': a dense vector whose length does not depend on the scores, as secure aggregation needs.
    /// </summary>
    public void WriteDense(int coarseBits, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(coarseBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(coarseBits, KeyBits);
        var bins = 1 << coarseBits;
        ArgumentOutOfRangeException.ThrowIfNotEqual(destination.Length, 2 * bins);
        destination.Clear();
        for (var b = 0; b < Bins.Length; b++)
        {
            var coarse = (int)(Bins[b] >> (KeyBits - coarseBits));
            destination[coarse] += Positives[b];
            destination[bins + coarse] += Negatives[b];
        }
    }

    /// <summary>
    /// The histogram of dense counts written by <see cref="WriteDense"/> (counts rounded); each coarse bin becomes the
    /// first of the bins it covers, so the order, the AUC and its error bound are those of the coarser histogram.
    /// </summary>
    public static ScoreHistogram FromDense(int coarseBits, ReadOnlySpan<double> dense)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(coarseBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(coarseBits, KeyBits);
        var count = 1 << coarseBits;
        ArgumentOutOfRangeException.ThrowIfNotEqual(dense.Length, 2 * count);
        var bins = new List<uint>();
        var positives = new List<long>();
        var negatives = new List<long>();
        for (var c = 0; c < count; c++)
        {
            var p = Rounded(dense[c]);
            var n = Rounded(dense[count + c]);
            if ((p | n) != 0)
            {
                bins.Add((uint)c << (KeyBits - coarseBits));
                positives.Add(p);
                negatives.Add(n);
            }
        }

        return new ScoreHistogram([.. bins], [.. positives], [.. negatives]);
    }

    private static long Rounded(double count) => double.IsFinite(count) && count > 0 ? (long)Math.Round(count) : 0;

    private (long Positives, long Negatives) Totals()
    {
        long p = 0, n = 0;
        for (var b = 0; b < Bins.Length; b++)
        {
            p += Positives[b];
            n += Negatives[b];
        }

        return (p, n);
    }
}

/// <summary>Counts scores into a dense table of every bin, then emits a <see cref="ScoreHistogram"/> of the non-empty ones.</summary>
public sealed class ScoreHistogramBuilder
{
    private readonly int[] _positives = new int[1 << ScoreHistogram.KeyBits];
    private readonly int[] _negatives = new int[1 << ScoreHistogram.KeyBits];

    /// <summary>Counts one row; a partition holds fewer than 2³¹ rows, so int counts suffice here.</summary>
    public void Add(float score, bool positive)
    {
        var bin = ScoreHistogram.BinOf(score);
        if (positive)
        {
            _positives[bin]++;
        }
        else
        {
            _negatives[bin]++;
        }
    }

    public ScoreHistogram ToHistogram()
    {
        var bins = new List<uint>();
        var positives = new List<long>();
        var negatives = new List<long>();
        for (var b = 0; b < _positives.Length; b++)
        {
            if ((_positives[b] | _negatives[b]) != 0)
            {
                bins.Add((uint)b);
                positives.Add(_positives[b]);
                negatives.Add(_negatives[b]);
            }
        }

        return new ScoreHistogram([.. bins], [.. positives], [.. negatives]);
    }
}
