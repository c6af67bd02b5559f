using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Numerics;

namespace ShardML.Algorithms.LinearRegression;

/// <summary>
/// The gradient of the squared loss over a partition at the broadcast weights, in one fused pass: for each tile of
/// rows, the residuals r = w·x + b − y while the rows are in L1, then g += r·x (<see cref="LinearGradientKernel"/>).
/// Returns Σ r·x, Σ r, Σ r² and the row count; the driver turns them into the gradient and the loss of any
/// standardization of the features (the weights it sends are already mapped back to raw features). Cost: 2·n·d
/// multiply-adds, one read of the data; nothing is allocated but the summary.
/// </summary>
/// <param name="Weights">Weights on the raw features.</param>
/// <param name="Intercept">The intercept on the raw features.</param>
[MemoryPackable]
public sealed partial record SquaredLossGradientStep(double[] Weights, double Intercept) : IPartitionStep<SquaredLossGradient>
{
    public SquaredLossGradient Run(Partition partition, StepContext context)
    {
        var labels = partition.Labels ?? throw new InvalidOperationException("linear regression needs a label column");
        var gradient = new double[Weights.Length];
        double residualSum = 0;
        double squaredSum = 0;
        if (partition.Dense is { } dense)
        {
            // Blocks of rows only to honour cancellation promptly; the kernel streams each block once.
            const int block = 16 * 1024;
            for (var start = 0; start < dense.Rows; start += block)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(block, dense.Rows - start);
                LinearGradientKernel.Accumulate<SquaredResidual>(
                    dense.AllRows.Slice(start * dense.Columns, count * dense.Columns),
                    labels.AsSpan(start, count),
                    Weights,
                    Intercept,
                    gradient,
                    ref residualSum,
                    ref squaredSum);
            }

            return new SquaredLossGradient(partition.RowCount, gradient, residualSum, squaredSum);
        }

        var sparse = partition.Sparse!;
        for (var i = 0; i < partition.RowCount; i++)
        {
            var indices = sparse.RowIndices(i);
            var values = sparse.RowValues(i);
            var residual = SparseKernels.Dot(indices, values, Weights) + Intercept - labels[i];
            SparseKernels.AddScaled(gradient, residual, indices, values);
            residualSum += residual;
            squaredSum += residual * residual;
        }

        return new SquaredLossGradient(partition.RowCount, gradient, residualSum, squaredSum);
    }
}

/// <summary>Σ r·x, Σ r, Σ r² and n over a run of partitions; merging adds.</summary>
[MemoryPackable]
public sealed partial class SquaredLossGradient : Summary<SquaredLossGradient>
{
    public SquaredLossGradient(long count, double[] featureSums, double residualSum, double squaredResidualSum)
    {
        Count = count;
        FeatureSums = featureSums;
        ResidualSum = residualSum;
        SquaredResidualSum = squaredResidualSum;
    }

    public long Count { get; private set; }

    public double[] FeatureSums { get; }

    public double ResidualSum { get; private set; }

    public double SquaredResidualSum { get; private set; }

    public override SquaredLossGradient Merge(SquaredLossGradient higher)
    {
        Count += higher.Count;
        for (var j = 0; j < FeatureSums.Length; j++)
        {
            FeatureSums[j] += higher.FeatureSums[j];
        }

        ResidualSum += higher.ResidualSum;
        SquaredResidualSum += higher.SquaredResidualSum;
        return this;
    }
}
