using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Bench;

/// <summary>
/// The SGD workloads' model: local SGD as <c>LocalSgdSolver</c> iterates it without L1 or standardization — each round
/// broadcasts θ, every partition takes H one-row hinge-loss steps on its own rows (<see cref="LocalSgdStep"/>), and θ
/// becomes the batch-weighted average of the local models. One iteration is an epoch: rounds × H × (one row per
/// partition) = n rows. The history holds each epoch's mean loss over the rows it stepped on, plus λ/2 ‖w‖².
/// </summary>
internal sealed class HingeSgdModel(int features, LabelEncoding encoding, ulong seed, double l2, double initialRate, int roundsPerEpoch, RowOrder order, Func<double[], double> accuracy)
    : BenchModel
{
    private double[] _coefficients = new double[features + 1];
    private double[] _spare = new double[features + 1]; // θ alternates between two buffers, as in LocalSgdSolver
    private int[]? _batchSizes;
    private int _localSteps;
    private long _step;

    /// <summary>What a workload's setup line adds for <paramref name="order"/>: nothing for the default.</summary>
    public static string Describe(RowOrder order) => order == RowOrder.ShuffledBlocks
        ? $", rows in shuffled blocks of {BlockOrderSampler.BlockRows} (every row once an epoch)"
        : string.Empty;

    public override async Task IterateAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        if (_batchSizes is null)
        {
            var dataset = executor.Dataset;
            _batchSizes = MiniBatchSampler.Allocate(dataset.PartitionCount, dataset.RowCounts);
            var batch = (long)_batchSizes.Sum();
            _localSteps = (int)((dataset.TotalRows + (batch * roundsPerEpoch) - 1) / (batch * roundsPerEpoch));
        }

        var rate = new LearningRate(LearningRateSchedule.Pegasos, initialRate, l2);
        double loss = 0;
        long rows = 0;
        for (var round = 0; round < roundsPerEpoch; round++)
        {
            var step = new LocalSgdStep(_coefficients, features, LossKind.Hinge, encoding, rate, _batchSizes, _localSteps, seed, _step, null, order);
            var sum = await executor.RunAsync(step, cancellationToken);
            var next = _spare;
            for (var j = 0; j < next.Length; j++)
            {
                next[j] = sum.WeightedCoefficients[j] / sum.Weight;
            }

            (_coefficients, _spare) = (next, _coefficients);
            _step += _localSteps;
            loss += sum.LossSum;
            rows += sum.LossRows;
            sum.Release();
        }

        double squares = 0;
        for (var j = 0; j < features; j++)
        {
            squares += _coefficients[j] * _coefficients[j];
        }

        History.Add((loss / rows) + (l2 / 2 * squares));
    }

    public override double[] Parameters() => [.. _coefficients];

    public override double? TestAccuracy() => accuracy(_coefficients);
}
