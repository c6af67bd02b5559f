using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>
/// Sums what the normal equations need over a partition: XᵀX, Xᵀy, Σx, Σy and n, in double. Cost: n·d²
/// multiply-adds, so it is for modest d (the driver then solves a d × d system).
/// </summary>
[MemoryPackable]
public sealed partial record NormalEquationsStep(int Dimension) : IPartitionStep<NormalEquations>
{
    public NormalEquations Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels ?? throw new InvalidOperationException("linear regression needs a label column");
        var d = Dimension;
        var result = new NormalEquations(0, new double[d * d], new double[d], new double[d], 0, 0);
        var dense = new float[d];
        for (var i = 0; i < partition.RowCount; i++)
        {
            ReadOnlySpan<float> row;
            if (partition.Dense is { } matrix)
            {
                row = matrix.Row(i);
            }
            else
            {
                Array.Clear(dense);
                var indices = partition.Sparse!.RowIndices(i);
                var values = partition.Sparse.RowValues(i);
                for (var k = 0; k < indices.Length; k++)
                {
                    dense[indices[k]] = values[k];
                }

                row = dense;
            }

            double y = labels[i];
            for (var j = 0; j < d; j++)
            {
                if (row[j] != 0)
                {
                    WideningKernels.AddScaled(result.Gram.AsSpan(j * d, d), row[j], row);
                }
            }

            WideningKernels.AddScaled(result.CrossProducts, y, row);
            WideningKernels.Add(result.FeatureSums, row);
            result.LabelSum += y;
            result.SquaredLabelSum += y * y;
        }

        result.Count = partition.RowCount;
        return result;
    }
}

/// <summary>XᵀX (row-major), Xᵀy, Σx, Σy, Σy² and n over a run of partitions; merging adds.</summary>
[MemoryPackable]
public sealed partial class NormalEquations : Summary<NormalEquations>
{
    public NormalEquations(long count, double[] gram, double[] crossProducts, double[] featureSums, double labelSum, double squaredLabelSum)
    {
        Count = count;
        Gram = gram;
        CrossProducts = crossProducts;
        FeatureSums = featureSums;
        LabelSum = labelSum;
        SquaredLabelSum = squaredLabelSum;
    }

    public long Count { get; set; }

    public double[] Gram { get; }

    public double[] CrossProducts { get; }

    public double[] FeatureSums { get; }

    public double LabelSum { get; set; }

    public double SquaredLabelSum { get; set; }

    public override NormalEquations Merge(NormalEquations higher)
    {
        Count += higher.Count;
        Add(Gram, higher.Gram);
        Add(CrossProducts, higher.CrossProducts);
        Add(FeatureSums, higher.FeatureSums);
        LabelSum += higher.LabelSum;
        SquaredLabelSum += higher.SquaredLabelSum;
        return this;
    }

    private static void Add(double[] target, double[] source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
