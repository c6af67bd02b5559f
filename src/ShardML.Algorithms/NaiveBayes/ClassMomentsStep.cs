using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Per class, the row count and each feature's mean and sum of squared deviations over a partition: everything
/// Gaussian naive Bayes learns, in one pass. Dense rows take two local sweeps (the class means, then the deviations
/// from them), so a feature whose mean is large against its spread keeps its digits; sparse rows sum their non-zeros
/// and count the implicit zeros in closed form. Partitions merge class by class with Chan's update
/// (<see cref="FeatureStatistics"/>), so the result does not depend on the partitioning beyond rounding.
/// Cost: 2·n·d additions, k × d doubles per partition on the wire.
/// </summary>
/// <param name="Dimension">d.</param>
/// <param name="Encoding">The global classes; a row's class comes from its label.</param>
[MemoryPackable]
public sealed partial record ClassMomentsStep(int Dimension, LabelEncoding Encoding) : IPartitionStep<ClassMoments>
{
    public ClassMoments Run(Partition partition, StepContext context)
    {
        var k = Encoding.Classes!.Length;
        var counts = new long[k];
        var means = new double[k * Dimension];
        var m2 = new double[k * Dimension];
        if (partition.RowCount > 0)
        {
            var labels = Encoding.Bind(partition);
            if (partition.Dense is { } dense)
            {
                Dense(dense, labels, counts, means, m2, context.CancellationToken);
            }
            else
            {
                Sparse(partition.Sparse!, labels, counts, means, m2);
            }
        }

        var perClass = new FeatureStatistics[k];
        for (var c = 0; c < k; c++)
        {
            perClass[c] = new FeatureStatistics(counts[c], means.AsSpan(c * Dimension, Dimension).ToArray(), m2.AsSpan(c * Dimension, Dimension).ToArray());
        }

        return new ClassMoments(perClass);
    }

    private void Dense(DenseMatrix dense, BoundLabels labels, long[] counts, double[] means, double[] m2, CancellationToken cancellationToken)
    {
        var d = Dimension;
        for (var i = 0; i < dense.Rows; i++)
        {
            var c = labels.ClassOf(i);
            counts[c]++;
            Core.Numerics.WideningKernels.Add(means.AsSpan(c * d, d), dense.Row(i));
        }

        for (var c = 0; c < counts.Length; c++)
        {
            for (var j = 0; j < d && counts[c] > 0; j++)
            {
                means[(c * d) + j] /= counts[c];
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < dense.Rows; i++)
        {
            var at = labels.ClassOf(i) * d;
            var row = dense.Row(i);
            for (var j = 0; j < d; j++)
            {
                var deviation = row[j] - means[at + j];
                m2[at + j] += deviation * deviation;
            }
        }
    }

    private void Sparse(SparseMatrix sparse, BoundLabels labels, long[] counts, double[] means, double[] m2)
    {
        var d = Dimension;
        var nonZeros = new long[counts.Length * d];
        for (var i = 0; i < sparse.Rows; i++)
        {
            var at = labels.ClassOf(i) * d;
            counts[at / d]++;
            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            for (var e = 0; e < indices.Length; e++)
            {
                if (indices[e] < d)
                {
                    means[at + indices[e]] += values[e];
                    nonZeros[at + indices[e]]++;
                }
            }
        }

        for (var c = 0; c < counts.Length; c++)
        {
            for (var j = 0; j < d && counts[c] > 0; j++)
            {
                var at = (c * d) + j;
                means[at] /= counts[c];
                m2[at] = (counts[c] - nonZeros[at]) * means[at] * means[at]; // the implicit zeros' deviations
            }
        }

        for (var i = 0; i < sparse.Rows; i++)
        {
            var at = labels.ClassOf(i) * d;
            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            for (var e = 0; e < indices.Length; e++)
            {
                if (indices[e] < d)
                {
                    var deviation = values[e] - means[at + indices[e]];
                    m2[at + indices[e]] += deviation * deviation;
                }
            }
        }
    }
}

/// <summary>One <see cref="FeatureStatistics"/> per class, in the encoding's class order; merging merges class by class.</summary>
/// <remarks>As sums: each class's n, Σx and Σx² in turn (see <see cref="FeatureStatistics"/>, whose precision remark applies).</remarks>
[MemoryPackable]
public sealed partial class ClassMoments : Summary<ClassMoments>, IAdditiveSummary
{
    public ClassMoments(FeatureStatistics[] perClass)
    {
        PerClass = perClass;
    }

    public FeatureStatistics[] PerClass { get; }

    [MemoryPackIgnore]
    public int SumLength => PerClass.Sum(c => c.SumLength);

    public void WriteSums(Span<double> destination)
    {
        SummarySums.Check(destination.Length, SumLength);
        var at = 0;
        foreach (var moments in PerClass)
        {
            moments.WriteSums(destination.Slice(at, moments.SumLength));
            at += moments.SumLength;
        }
    }

    public ISummary WithSums(ReadOnlySpan<double> totals)
    {
        SummarySums.Check(totals.Length, SumLength);
        var perClass = new FeatureStatistics[PerClass.Length];
        var at = 0;
        for (var c = 0; c < perClass.Length; c++)
        {
            var length = PerClass[c].SumLength;
            perClass[c] = FeatureStatistics.FromRawSums(totals.Slice(at, length), PerClass[c].Mean.Length);
            at += length;
        }

        return new ClassMoments(perClass);
    }

    public override ClassMoments Merge(ClassMoments higher)
    {
        for (var c = 0; c < PerClass.Length; c++)
        {
            PerClass[c] = PerClass[c].Merge(higher.PerClass[c]);
        }

        return this;
    }
}
