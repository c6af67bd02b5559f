using ShardML.Algorithms.Classification;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Bench;

/// <summary>One end-to-end workload: its data, its cost per iteration, and a model that advances one iteration at a time.</summary>
public abstract class BenchWorkload
{
    public abstract string Name { get; }

    public abstract SyntheticData Data { get; }

    /// <summary>Floating-point operations one iteration needs at least (multiply-adds count 2).</summary>
    public abstract double FlopsPerIteration { get; }

    /// <summary>Bytes one iteration must read: every feature (and label) once.</summary>
    public virtual double BytesPerIteration => Data.Rows * (Data.Features + (Data.HasLabel ? 1.0 : 0.0)) * sizeof(float);

    /// <summary>The data file's extension: <c>.csv</c>, converted to <c>.shard</c> for the timed runs; <c>.svm</c> stays sparse.</summary>
    public virtual string FileExtension => ".csv";

    /// <summary>How the iterations are set up (solver, step sizes, batch), for the report; empty when there is nothing to say.</summary>
    public virtual string Setup => string.Empty;

    /// <summary>How to plan the workload's data file.</summary>
    public virtual DatasetOptions Options(string path) => new() { Path = path, HasLabel = Data.HasLabel, Label = Data.HasLabel ? "y" : null };

    /// <summary>Writes the workload's data file.</summary>
    public virtual void WriteData(string path) => DataFiles.WriteCsv(Data, path);

    /// <summary>Writes the files the comparison scripts read (<c>.npy</c> for dense data) into <paramref name="directory"/>.</summary>
    public virtual void Export(string directory) =>
        DataFiles.WriteNpy(Data, Path.Combine(directory, $"{Name}-x.npy"), Data.HasLabel ? Path.Combine(directory, $"{Name}-y.npy") : null);

    /// <summary>A fresh model at the workload's starting point.</summary>
    public abstract BenchModel Start();
}

/// <summary>A model the benchmark advances by one iteration (one distributed step and the driver's update).</summary>
public abstract class BenchModel
{
    /// <summary>The objective at the model before the last iteration (inertia; half the mean squared residual).</summary>
    public double Objective => History.Count > 0 ? History[^1] : double.NaN;

    /// <summary>The objective before each iteration: History[i] is that of the model after i updates.</summary>
    public List<double> History { get; } = [];

    public abstract Task IterateAsync(IPartitionExecutor executor, CancellationToken cancellationToken);

    /// <summary>The model's parameters as doubles, to check that two executors computed the same bits.</summary>
    public abstract double[] Parameters();

    /// <summary>Accuracy on the workload's held-out test rows, for classifiers; null otherwise.</summary>
    public virtual double? TestAccuracy() => null;
}

/// <summary>Lloyd's K-means on <see cref="BlobData"/> from <see cref="BlobData.InitialCenters"/>, as <see cref="KMeansTrainer"/> iterates it.</summary>
public sealed class KMeansWorkload(BlobData data) : BenchWorkload
{
    public override string Name => "kmeans";

    public override SyntheticData Data => data;

    /// <summary>2·n·k·d: the distance computations (the cluster sums' n·d adds are not counted, as the peers count).</summary>
    public override double FlopsPerIteration => 2.0 * data.Rows * data.Clusters * data.Features;

    public override BenchModel Start() => new Model(data.InitialCenters(), data.Clusters, data.Features);

    public int Clusters => data.Clusters;

    public override void Export(string directory)
    {
        base.Export(directory);
        DataFiles.WriteNpy(data.InitialCenters(), data.Clusters, data.Features, Path.Combine(directory, $"{Name}-init.npy"));
    }

    /// <summary>The starting centers as <c>train kmeans --init</c> reads them: a CSV whose header names the features.</summary>
    public void WriteInitialCenters(string path, IReadOnlyList<string> featureNames) =>
        DataFiles.WriteMatrixCsv(data.InitialCenters(), data.Clusters, featureNames, path);

    private sealed class Model(float[] centers, int k, int d) : BenchModel
    {
        private float[] _centers = centers;

        public override async Task IterateAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
        {
            var summary = await executor.RunAsync(new LloydStep(_centers, k, d, k), cancellationToken);
            History.Add(summary.Inertia);
            var next = new float[k * d];
            for (var j = 0; j < k; j++)
            {
                for (var f = 0; f < d; f++)
                {
                    next[(j * d) + f] = summary.Counts[j] > 0 ? (float)(summary.Sums[(j * d) + f] / summary.Counts[j]) : _centers[(j * d) + f];
                }
            }

            _centers = next;
        }

        public override double[] Parameters() => [.. _centers.Select(v => (double)v)];
    }
}

/// <summary>Batch gradient descent for least squares on <see cref="RegressionData"/>, a fixed step from zero weights.</summary>
public sealed class GradientDescentWorkload(RegressionData data) : BenchWorkload
{
    private const double LearningRate = 0.5;

    public override string Name => "gd";

    public override SyntheticData Data => data;

    /// <summary>4·n·d: a multiply-add per feature for the residual and one for the gradient.</summary>
    public override double FlopsPerIteration => 4.0 * data.Rows * data.Features;

    public override BenchModel Start() => new Model(data.Features);

    private sealed class Model(int d) : BenchModel
    {
        private readonly double[] _weights = new double[d];
        private double _intercept;

        public override async Task IterateAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
        {
            var d = _weights.Length;
            var summary = await executor.RunAsync(new LossGradientStep([.. _weights, _intercept], d, LossKind.Squared, LabelEncoding.Regression), cancellationToken);
            var n = (double)summary.Count;
            History.Add(summary.Losses[0] / n);
            for (var j = 0; j < d; j++)
            {
                _weights[j] -= LearningRate * summary.Gradient[j] / n;
            }

            _intercept -= LearningRate * summary.Gradient[d] / n;
            summary.Release();
        }

        public override double[] Parameters() => [.. _weights, _intercept];
    }
}
