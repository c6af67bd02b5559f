using ShardML.Core.Numerics;

namespace ShardML.Bench;

/// <summary>
/// The benchmark's datasets, generated deterministically: every value is a pure function of (seed, row, feature)
/// through <see cref="CounterRandom"/>, so any block of rows can be generated alone, in parallel, in any order, and
/// the same seed gives the same bits in every process (the comparison scripts regenerate nothing; they read the
/// files this writes).
/// </summary>
public abstract class SyntheticData
{
    protected SyntheticData(long rows, int features, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Rows = rows;
        Features = features;
        Seed = seed;
    }

    public long Rows { get; }

    public int Features { get; }

    public ulong Seed { get; }

    /// <summary>True when rows carry a label (the regression target).</summary>
    public abstract bool HasLabel { get; }

    /// <summary>Writes rows <c>[first, first + labels.Length)</c>: features row-major into <paramref name="features"/>.</summary>
    public abstract void Fill(long first, Span<float> features, Span<float> labels);

    /// <summary>A standard normal deviate from two uniforms of the counter generator (Box–Muller).</summary>
    protected double Gaussian(ulong stream, ulong counter)
    {
        var u1 = CounterRandom.NextDouble(Seed, stream, counter);
        var u2 = CounterRandom.NextDouble(Seed, stream + 1, counter);
        return Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>
/// scikit-learn's <c>make_blobs</c>: k centers uniform in [−10, 10)^d (its default <c>center_box</c>), each row from a
/// uniformly chosen center plus isotropic Gaussian noise of the given standard deviation. The label is the blob.
/// </summary>
public sealed class BlobData : SyntheticData
{
    private const ulong CenterStream = 1;
    private const ulong BlobStream = 2;
    private const ulong NoiseStream = 3;
    private const ulong InitStream = 5;

    public BlobData(long rows, int features, int clusters, double deviation, ulong seed)
        : base(rows, features, seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        Clusters = clusters;
        Deviation = deviation;
        Centers = new float[clusters * features];
        for (var i = 0; i < Centers.Length; i++)
        {
            Centers[i] = (float)((20 * CounterRandom.NextDouble(seed, CenterStream, (ulong)i)) - 10);
        }
    }

    public int Clusters { get; }

    public double Deviation { get; }

    /// <summary>The true blob centers, row-major.</summary>
    public float[] Centers { get; }

    public override bool HasLabel => false;

    public override void Fill(long first, Span<float> features, Span<float> labels)
    {
        var d = Features;
        var count = features.Length / d;
        for (var r = 0; r < count; r++)
        {
            var row = (ulong)(first + r);
            var blob = (int)(CounterRandom.Next(Seed, BlobStream, row) % (ulong)Clusters);
            for (var f = 0; f < d; f++)
            {
                features[(r * d) + f] = (float)(Centers[(blob * d) + f] + (Deviation * Gaussian(NoiseStream, (row * (ulong)d) + (ulong)f)));
            }

            if (!labels.IsEmpty)
            {
                labels[r] = blob;
            }
        }
    }

    /// <summary>The starting centers every engine is given: k rows drawn by the seed (scikit-learn's <c>init</c> array).</summary>
    public float[] InitialCenters()
    {
        var d = Features;
        var result = new float[Clusters * d];
        for (var j = 0; j < Clusters; j++)
        {
            var row = (long)(CounterRandom.Next(Seed, InitStream, (ulong)j) % (ulong)Rows);
            Fill(row, result.AsSpan(j * d, d), []);
        }

        return result;
    }
}

/// <summary>
/// A linear regression target: features standard normal, y = x·w* + b* + 0.1·ε with w* uniform in [−1, 1) and b* = 0.5.
/// </summary>
public sealed class RegressionData : SyntheticData
{
    private const ulong WeightStream = 11;
    private const ulong FeatureStream = 12;
    private const ulong NoiseStream = 14;

    public RegressionData(long rows, int features, ulong seed)
        : base(rows, features, seed)
    {
        TrueWeights = new double[features];
        for (var f = 0; f < features; f++)
        {
            TrueWeights[f] = (2 * CounterRandom.NextDouble(seed, WeightStream, (ulong)f)) - 1;
        }
    }

    public double[] TrueWeights { get; }

    public static double TrueIntercept => 0.5;

    public override bool HasLabel => true;

    public override void Fill(long first, Span<float> features, Span<float> labels)
    {
        var d = Features;
        for (var r = 0; r < labels.Length; r++)
        {
            var row = (ulong)(first + r);
            var y = TrueIntercept + (0.1 * Gaussian(NoiseStream, row));
            for (var f = 0; f < d; f++)
            {
                var x = (float)Gaussian(FeatureStream, (row * (ulong)d) + (ulong)f);
                features[(r * d) + f] = x;
                y += TrueWeights[f] * x;
            }

            labels[r] = (float)y;
        }
    }
}

/// <summary>
/// A binary problem, linearly separable up to label noise: features standard normal, the class is
/// <c>x·w* + b* &gt; 0</c> with w* uniform in [−1, 1) and b* = 0.5, then flipped with probability
/// <see cref="FlipProbability"/>, so the best linear classifier's accuracy is 1 − that probability. Labels are the
/// class names 0 and 1. Rows past <see cref="SyntheticData.Rows"/> are the held-out test set: <see cref="Fill"/>
/// generates any row number, and the test rows are never in the training file.
/// </summary>
public sealed class ClassificationData : SyntheticData
{
    private const ulong WeightStream = 21;
    private const ulong FeatureStream = 22;
    private const ulong FlipStream = 24;

    public ClassificationData(long rows, int features, ulong seed, double flipProbability = 0.05)
        : base(rows, features, seed)
    {
        FlipProbability = flipProbability;
        TrueWeights = new double[features];
        for (var f = 0; f < features; f++)
        {
            TrueWeights[f] = (2 * CounterRandom.NextDouble(seed, WeightStream, (ulong)f)) - 1;
        }
    }

    public double[] TrueWeights { get; }

    public static double TrueIntercept => 0.5;

    public double FlipProbability { get; }

    public override bool HasLabel => true;

    public override void Fill(long first, Span<float> features, Span<float> labels)
    {
        var d = Features;
        for (var r = 0; r < labels.Length; r++)
        {
            var row = (ulong)(first + r);
            var score = TrueIntercept;
            for (var f = 0; f < d; f++)
            {
                var x = (float)Gaussian(FeatureStream, (row * (ulong)d) + (ulong)f);
                features[(r * d) + f] = x;
                score += TrueWeights[f] * x;
            }

            var positive = score > 0;
            if (CounterRandom.NextDouble(Seed, FlipStream, row) < FlipProbability)
            {
                positive = !positive;
            }

            labels[r] = positive ? 1 : 0;
        }
    }
}

/// <summary>
/// A sparse binary problem in the shape of bag-of-words data: each row has <see cref="NonZeros"/> distinct features
/// drawn uniformly from <see cref="SyntheticData.Features"/>, with values uniform in (0, 1]; the class is the sign of
/// <c>x·w*</c> with w* standard normal, flipped with probability <see cref="FlipProbability"/>; labels are −1 and +1.
/// Every row is a pure function of (seed, row), so the LibSVM writer streams it and the test rows (past
/// <see cref="SyntheticData.Rows"/>) need no file. <see cref="Fill"/> writes dense rows, for small sets only.
/// </summary>
public sealed class SparseClassificationData : SyntheticData
{
    private const ulong WeightStream = 31;
    private const ulong IndexStream = 32;
    private const ulong ValueStream = 33;
    private const ulong FlipStream = 34;

    public SparseClassificationData(long rows, int features, int nonZeros, ulong seed, double flipProbability = 0.05)
        : base(rows, features, seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nonZeros, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nonZeros, features);
        NonZeros = nonZeros;
        FlipProbability = flipProbability;
        TrueWeights = new double[features];
        for (var f = 0; f < features; f++)
        {
            TrueWeights[f] = Gaussian(WeightStream, (ulong)f);
        }
    }

    public int NonZeros { get; }

    public double FlipProbability { get; }

    public double[] TrueWeights { get; }

    public override bool HasLabel => true;

    /// <summary>
    /// Row <paramref name="row"/>'s column indices (0-based, ascending) and values into spans of length
    /// <see cref="NonZeros"/>; returns its label, −1 or +1. The indices are Floyd's sample (Bentley &amp; Floyd 1987).
    /// </summary>
    public float Row(long row, Span<int> indices, Span<float> values)
    {
        var k = NonZeros;
        var n = 0;
        var counter = (ulong)row * (ulong)k;
        for (var j = Features - k; j < Features; j++)
        {
            var r = CounterRandom.Next(Seed, IndexStream, counter++);
            var t = (int)(((UInt128)r * (ulong)(j + 1)) >> 64); // uniform in [0, j]
            indices[n] = indices[..n].Contains(t) ? j : t;
            n++;
        }

        indices.Sort();
        double score = 0;
        counter = (ulong)row * (ulong)k;
        for (var i = 0; i < k; i++)
        {
            values[i] = (float)(1 - CounterRandom.NextDouble(Seed, ValueStream, counter++));
            score += values[i] * TrueWeights[indices[i]];
        }

        var positive = score > 0;
        if (CounterRandom.NextDouble(Seed, FlipStream, (ulong)row) < FlipProbability)
        {
            positive = !positive;
        }

        return positive ? 1 : -1;
    }

    public override void Fill(long first, Span<float> features, Span<float> labels)
    {
        var d = Features;
        Span<int> indices = new int[NonZeros];
        Span<float> values = new float[NonZeros];
        features.Clear();
        for (var r = 0; r < labels.Length; r++)
        {
            labels[r] = Row(first + r, indices, values);
            for (var i = 0; i < NonZeros; i++)
            {
                features[(r * d) + indices[i]] = values[i];
            }
        }
    }
}
