using System.Runtime.CompilerServices;
using MemoryPack;
using ShardML.Core.Data;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// A Gaussian naive Bayes model in the form that scores rows: per class the constant log π_k − ½ Σ_j log(2π σ²_kj),
/// the means and the inverse variances, so the joint log-likelihood of a row is the constant minus
/// ½ Σ_j (x_j − μ_kj)² / σ²_kj. For a sparse row the sum starts from its value at x = 0 (also kept per class) and
/// corrects the non-zeros only. Cost: k·d multiply-adds per dense row, k·nnz per sparse one. Every path that scores —
/// a partition's step, a single row, a batch — goes through <see cref="JointLogLikelihood(ReadOnlySpan{float}, Span{double})"/>
/// or its sparse twin, so they agree to the bit.
/// </summary>
/// <param name="Classes">k.</param>
/// <param name="Dimension">d.</param>
/// <param name="Constants">Per class: log π_k − ½ Σ_j log(2π σ²_kj).</param>
/// <param name="Means">k × d, row-major.</param>
/// <param name="InverseVariances">k × d: 1 / σ²_kj.</param>
/// <param name="AtZero">Per class: ½ Σ_j μ²_kj / σ²_kj, the quadratic term of the all-zero row.</param>
[MemoryPackable]
public sealed partial record NaiveBayesParameters(int Classes, int Dimension, double[] Constants, double[] Means, double[] InverseVariances, double[] AtZero)
{
    public static NaiveBayesParameters From(double[] priors, double[][] means, double[][] variances)
    {
        var k = priors.Length;
        var d = means[0].Length;
        var constants = new double[k];
        var flatMeans = new double[k * d];
        var inverse = new double[k * d];
        var atZero = new double[k];
        for (var c = 0; c < k; c++)
        {
            var constant = Math.Log(priors[c]);
            double zero = 0;
            for (var j = 0; j < d; j++)
            {
                constant -= 0.5 * Math.Log(2 * Math.PI * variances[c][j]);
                flatMeans[(c * d) + j] = means[c][j];
                inverse[(c * d) + j] = 1 / variances[c][j];
                zero += means[c][j] * means[c][j] / variances[c][j];
            }

            constants[c] = constant;
            atZero[c] = 0.5 * zero;
        }

        return new NaiveBayesParameters(k, d, constants, flatMeans, inverse, atZero);
    }

    /// <summary>The joint log-likelihood of every class for one dense row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void JointLogLikelihood(ReadOnlySpan<float> x, Span<double> into)
    {
        var d = Dimension;
        for (var c = 0; c < Classes; c++)
        {
            var mean = Means.AsSpan(c * d, d);
            var inverse = InverseVariances.AsSpan(c * d, d);
            double quadratic = 0;
            for (var j = 0; j < d; j++)
            {
                var deviation = x[j] - mean[j];
                quadratic += deviation * deviation * inverse[j];
            }

            into[c] = Constants[c] - (0.5 * quadratic);
        }
    }

    /// <summary>The same for a sparse row: from the all-zero row's value, each non-zero's term replaces its zero's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void JointLogLikelihood(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<double> into)
    {
        var d = Dimension;
        for (var c = 0; c < Classes; c++)
        {
            var quadratic = 2 * AtZero[c];
            for (var e = 0; e < indices.Length; e++)
            {
                var j = indices[e];
                if (j < d)
                {
                    var at = (c * d) + j;
                    var deviation = values[e] - Means[at];
                    quadratic += ((deviation * deviation) - (Means[at] * Means[at])) * InverseVariances[at];
                }
            }

            into[c] = Constants[c] - (0.5 * quadratic);
        }
    }

    /// <summary>Row <paramref name="row"/> of a partition, dense or sparse.</summary>
    public void JointLogLikelihood(Partition partition, int row, Span<double> into)
    {
        if (partition.Dense is { } dense)
        {
            JointLogLikelihood(dense.Row(row), into);
        }
        else
        {
            JointLogLikelihood(partition.Sparse!.RowIndices(row), partition.Sparse.RowValues(row), into);
        }
    }

    /// <summary>The class of largest likelihood (the lowest index on a tie), and every class's probability into <paramref name="probabilities"/> (a softmax).</summary>
    public static int Decide(ReadOnlySpan<double> logLikelihoods, Span<double> probabilities)
    {
        var best = 0;
        for (var c = 1; c < logLikelihoods.Length; c++)
        {
            if (logLikelihoods[c] > logLikelihoods[best])
            {
                best = c;
            }
        }

        double sum = 0;
        for (var c = 0; c < logLikelihoods.Length; c++)
        {
            probabilities[c] = Math.Exp(logLikelihoods[c] - logLikelihoods[best]);
            sum += probabilities[c];
        }

        for (var c = 0; c < logLikelihoods.Length; c++)
        {
            probabilities[c] /= sum;
        }

        return best;
    }
}
