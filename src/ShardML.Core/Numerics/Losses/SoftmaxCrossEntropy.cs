namespace ShardML.Core.Numerics.Losses;

/// <summary>
/// The multinomial logistic (softmax) loss of k scores z against the actual class y:
/// ℓ(y, z) = log Σ_c e^(z_c) − z_y, with ∂ℓ/∂z_c = p_c − [c = y] where p = softmax(z). Unlike <see cref="ILoss"/> it
/// couples the outputs, so it works on a row's whole score vector. Stable for any finite scores: the log-sum-exp is
/// taken around the largest score, so no exponential exceeds 1 and the sum is at least 1.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Replaces <paramref name="scores"/> with the loss's derivatives p_c − [c = <paramref name="actual"/>] and returns
    /// the loss. O(k), no allocation.
    /// </summary>
    public static double ToDerivatives(Span<double> scores, int actual)
    {
        var top = Max(scores);
        var actualScore = scores[actual];
        double sum = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            var e = Math.Exp(scores[c] - top);
            scores[c] = e;
            sum += e;
        }

        var inverse = 1 / sum;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] *= inverse;
        }

        scores[actual] -= 1;
        return top + Math.Log(sum) - actualScore;
    }

    /// <summary>softmax(<paramref name="scores"/>) into <paramref name="probabilities"/> (which may be the same span). O(k).</summary>
    public static void Probabilities(ReadOnlySpan<double> scores, Span<double> probabilities)
    {
        var top = Max(scores);
        double sum = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            var e = Math.Exp(scores[c] - top);
            probabilities[c] = e;
            sum += e;
        }

        var inverse = 1 / sum;
        for (var c = 0; c < scores.Length; c++)
        {
            probabilities[c] *= inverse;
        }
    }

    /// <summary>ℓ alone: log Σ_c e^(z_c) − z_y.</summary>
    public static double Value(ReadOnlySpan<double> scores, int actual)
    {
        var top = Max(scores);
        double sum = 0;
        foreach (var z in scores)
        {
            sum += Math.Exp(z - top);
        }

        return top + Math.Log(sum) - scores[actual];
    }

    private static double Max(ReadOnlySpan<double> scores)
    {
        var top = scores[0];
        for (var c = 1; c < scores.Length; c++)
        {
            top = Math.Max(top, scores[c]);
        }

        return top;
    }
}
