using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Bench;

/// <summary>
/// Hinge-loss SGD (a linear SVM) on <see cref="ClassificationData"/>, as local SGD runs it: every partition takes
/// one-row steps on its own rows (its share of a batch of one row per partition), H steps a round, and the driver
/// averages the partitions' models after each of <see cref="RoundsPerEpoch"/> rounds; one iteration is an epoch,
/// n rows. The objective and schedule are scikit-learn's <c>SGDClassifier(loss='hinge', alpha=λ,
/// learning_rate='optimal')</c>: <c>λ/2 ‖w‖² + mean hinge loss</c>, η_t = 1/(λ (t + t₀)) with η₀ = λ^(−1/4), its
/// heuristic for the hinge loss — the Pegasos schedule of <see cref="LearningRateSchedule"/> with that η₀, counted in
/// steps of each partition's own stream. Accuracy is measured on held-out rows past the training rows.
/// </summary>
public sealed class SgdWorkload(ClassificationData data, long testRows, RowOrder order = RowOrder.Uniform) : BenchWorkload
{
    /// <summary>λ, scikit-learn's default <c>alpha</c>.</summary>
    public const double L2 = 1e-4;

    /// <summary>Model averagings per epoch.</summary>
    public const int RoundsPerEpoch = 10;

    private static readonly LabelEncoding Encoding = LabelEncoding.Binary(["0", "1"], 1);

    private float[]? _testFeatures;
    private float[]? _testLabels;

    public override string Name => "sgd";

    public override SyntheticData Data => data;

    /// <summary>η₀ = λ^(−1/4): scikit-learn's 'optimal' schedule starts there for the hinge loss.</summary>
    public static double InitialRate => Math.Pow(L2, -0.25);

    /// <summary>Held-out rows, [n, n + test rows) of the generator.</summary>
    public long TestRows => testRows;

    /// <summary>4·n·d: a multiply-add per feature for the score and one for the step (at most; the hinge skips rows outside the margin).</summary>
    public override double FlopsPerIteration => 4.0 * data.Rows * data.Features;

    public override string Setup =>
        $"local SGD, hinge loss, λ = {L2:G3}, Pegasos schedule η₀ = λ^(−1/4) = {InitialRate:G4}, one row per partition per step, {RoundsPerEpoch} averagings per epoch{HingeSgdModel.Describe(order)}";

    public override DatasetOptions Options(string path) => base.Options(path) with { CategoricalLabel = true };

    public override void Export(string directory)
    {
        base.Export(directory);
        DataFiles.WriteNpy(data, data.Rows, testRows, Path.Combine(directory, $"{Name}-test-x.npy"), Path.Combine(directory, $"{Name}-test-y.npy"));
    }

    public override BenchModel Start() => new HingeSgdModel(data.Features, Encoding, data.Seed, L2, InitialRate, RoundsPerEpoch, order, Accuracy);

    /// <summary>Accuracy of w·x + b &gt; 0 ⇒ class 1 on the held-out rows.</summary>
    private double Accuracy(double[] coefficients)
    {
        var d = data.Features;
        if (_testFeatures is null)
        {
            var features = new float[testRows * d];
            var labels = new float[testRows];
            data.Fill(data.Rows, features, labels);
            (_testFeatures, _testLabels) = (features, labels);
        }

        var correct = 0L;
        for (var i = 0; i < testRows; i++)
        {
            var score = Core.Numerics.WideningKernels.Dot(_testFeatures.AsSpan((int)(i * d), d), coefficients) + coefficients[d];
            correct += (score > 0) == (_testLabels![i] == 1) ? 1 : 0;
        }

        return correct / (double)testRows;
    }
}
