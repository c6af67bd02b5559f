using System.Runtime.CompilerServices;
using ShardML.Core.Data;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// A linear model's scores and decisions for one row. Coefficients are packed as m rows of d + 1 doubles — output
/// c's weights, then its intercept — the layout every linear step uses. Binary: the positive class when z &gt; 0.
/// One-vs-rest: the class of the largest score, the lowest index on a tie. Probabilities (logistic only): σ(z)
/// for binary; for one-vs-rest the per-class σ(z_c) normalized to sum to one, as scikit-learn's OvR does; for a
/// multinomial model softmax(z). Multinomial and one-vs-rest decide alike: the class of the largest score.
/// </summary>
public static class LinearDecision
{
    /// <summary>z_c = w_c·x + b_c for every output c of row <paramref name="row"/>. Cost: m × (non-zeros of the row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first call, as SparseKernels
    public static void Scores(Partition partition, int row, ReadOnlySpan<double> coefficients, int dimension, Span<double> scores)
    {
        var stride = dimension + 1;
        if (partition.Dense is { } dense)
        {
            var x = dense.Row(row);
            for (var c = 0; c < scores.Length; c++)
            {
                var w = coefficients.Slice(c * stride, stride);
                scores[c] = WideningKernels.Dot(x, w[..dimension]) + w[dimension];
            }
        }
        else
        {
            var indices = partition.Sparse!.RowIndices(row);
            var values = partition.Sparse.RowValues(row);
            for (var c = 0; c < scores.Length; c++)
            {
                var w = coefficients.Slice(c * stride, stride);
                scores[c] = SparseKernels.Dot(indices, values, w[..dimension]) + w[dimension];
            }
        }

        EnsureFinite(scores, partition, row, asFloat: false);
    }

    /// <summary>
    /// Refuses scores that overflowed: finite coefficients (a weight of 1e308) and finite features can still make an
    /// infinite score, and an infinite prediction or an R² of −∞ reported as a success is a wrong answer, not a result.
    /// With <paramref name="asFloat"/> (a regression's value, written as a float) the score must fit a float too; a
    /// classifier's huge but finite score still decides. <paramref name="partition"/> is null for a single row.
    /// </summary>
    public static void EnsureFinite(ReadOnlySpan<double> scores, Partition? partition, int row, bool asFloat)
    {
        foreach (var score in scores)
        {
            if (asFloat ? !float.IsFinite((float)score) : !double.IsFinite(score))
            {
                var where = partition is null ? "the row" : $"row {row + 1} of partition {partition.Index}";
                var what = double.IsFinite(score) ? $"{score.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}, beyond a float's range" : "not finite";
                throw new FeatureMismatchException($"the model's score for {where} is {what}: its coefficients overflow on this data");
            }
        }
    }

    /// <summary>The predicted class from the scores.</summary>
    public static int Decide(ReadOnlySpan<double> scores, LabelEncoding encoding)
    {
        if (encoding.IsBinary)
        {
            return scores[0] > 0 ? encoding.PositiveClass : encoding.NegativeClass;
        }

        var best = 0;
        for (var c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>
    /// Class probabilities into <paramref name="probabilities"/>: one value (the positive class) for binary, one
    /// per class otherwise — softmax(z) for a multinomial model, else the σ(z_c) normalized.
    /// </summary>
    public static void Probabilities(ReadOnlySpan<double> scores, Span<double> probabilities, LabelEncoding encoding)
    {
        if (encoding.Multinomial)
        {
            Core.Numerics.Losses.SoftmaxCrossEntropy.Probabilities(scores, probabilities);
            return;
        }

        Sigmoids(scores, probabilities);
    }

    /// <summary>
    /// Class probabilities into <paramref name="probabilities"/> of a binary or one-vs-rest model: one value (the
    /// positive class) for binary, one per class for one-vs-rest.
    /// </summary>
    private static void Sigmoids(ReadOnlySpan<double> scores, Span<double> probabilities)
    {
        double sum = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            probabilities[c] = Core.Numerics.Losses.LogisticLoss.Sigmoid(scores[c]);
            sum += probabilities[c];
        }

        if (scores.Length > 1 && sum > 0)
        {
            for (var c = 0; c < scores.Length; c++)
            {
                probabilities[c] /= sum;
            }
        }
    }
}
