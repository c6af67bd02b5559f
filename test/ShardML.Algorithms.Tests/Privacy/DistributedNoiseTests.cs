using ShardML.Algorithms.Classification;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Privacy;

/// <summary>
/// DP-SGD's noise added in shares on the partitions (<see cref="NoisePlacement.Distributed"/>), on the in-memory
/// reference of secure aggregation: the total carries N(0, σ²C²) per coordinate of the solver's coordinates, the
/// fixed-point total stays within its quantization bound whatever the noise's size, and what cannot hold is refused.
/// </summary>
public sealed class DistributedNoiseTests : IDisposable
{
    private const int Partitions = 5;
    private static readonly double[] Mean = [0.5, -1, 2, 0, 0.25];
    private static readonly double[] InverseScale = [1, 0.5, 2, 0.25, 4];
    private readonly DataDirectory _data = new();

    [Fact]
    public async Task The_shares_of_the_partitions_add_up_to_the_drivers_noise_in_the_solvers_coordinates()
    {
        await using var executor = await LoadAsync(AggregationPrivacy.TotalsOnly);
        const double sigma = 2, clip = 0.5;
        var share = sigma * clip / Math.Sqrt(Partitions);
        var clean = await executor.RunAsync(Step(0, null), CancellationToken.None);

        var draws = new List<double>();
        for (ulong seed = 0; seed < 300; seed++)
        {
            var noisy = await executor.RunAsync(Step(share, seed), CancellationToken.None);
            draws.AddRange(SolverNoise(noisy.Gradient, clean.Gradient));
            Assert.Equal(clean.Count, noisy.Count); // only the sums are noised, the sampled rows are not
        }

        // 1,800 draws: the sample deviation is within 10% of σC far beyond 4 standard errors (≈ 1.7% each).
        var mean = draws.Average();
        var deviation = Math.Sqrt(draws.Sum(z => (z - mean) * (z - mean)) / (draws.Count - 1));
        Assert.InRange(deviation / (sigma * clip), 0.9, 1.1);
        Assert.InRange(Math.Abs(mean) / (sigma * clip / Math.Sqrt(draws.Count)), 0, 4.5);
    }

    [Fact]
    public async Task The_same_test_seed_gives_the_same_bits_and_another_seed_other_noise()
    {
        await using var executor = await LoadAsync(AggregationPrivacy.TotalsOnly);

        var first = await executor.RunAsync(Step(0.3, 7), CancellationToken.None);
        var again = await executor.RunAsync(Step(0.3, 7), CancellationToken.None);
        var other = await executor.RunAsync(Step(0.3, 8), CancellationToken.None);

        Approx.SameBits(first.Gradient, again.Gradient);
        Assert.NotEqual(first.Gradient, other.Gradient);
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e6)]
    [InlineData(1e30)]
    public async Task Noise_of_any_size_is_encoded_within_the_quantization_bound(double share)
    {
        // The bound of a pass is read from the noisy sums themselves (SumBound), so noise widens it instead of wrapping.
        await using var secure = await LoadAsync(AggregationPrivacy.TotalsOnly);
        await using var clear = await LoadAsync(AggregationPrivacy.Clear);

        var total = await secure.RunAsync(Step(share, 3), CancellationToken.None);
        var floating = await clear.RunAsync(Step(share, 3), CancellationToken.None);

        var scale = (40 * share) + clear.Dataset.TotalRows; // beyond every partition's largest |value| (clipped rows, 4σ of 1/InverseScale-scaled noise)
        for (var j = 0; j < total.Gradient.Length; j++)
        {
            Assert.True(double.IsFinite(total.Gradient[j]), $"sum {j} is {total.Gradient[j]}");
            // C²·B·2⁻⁶⁴ with B under twice the largest partition value (≈ 10⁻¹⁸·scale), plus the floating path's own rounding.
            Assert.True(Math.Abs(total.Gradient[j] - floating.Gradient[j]) <= scale * 1e-13, $"sum {j}: {total.Gradient[j]:R} against {floating.Gradient[j]:R}");
        }
    }

    [Fact]
    public async Task A_model_trained_with_distributed_noise_reports_it_and_repeats_its_bits()
    {
        var path = _data.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 800), ["no", "yes"]);
        var options = DpOptions() with { Privacy = DpOptions().Privacy! with { Noise = NoisePlacement.Distributed } };

        var model = await TrainAsync(path, AggregationPrivacy.TotalsOnly, options);
        var again = await TrainAsync(path, AggregationPrivacy.TotalsOnly, options);
        var central = await TrainAsync(path, AggregationPrivacy.TotalsOnly, DpOptions());

        var report = model.Summary.Privacy!;
        Assert.Equal(NoisePlacement.Distributed, report.NoisePlacement);
        Assert.Equal(Partitions, report.NoiseShares);
        Assert.Contains("noise added in 5 shares on the partitions", report.Describe(), StringComparison.Ordinal);
        Assert.Equal(NoisePlacement.Driver, central.Summary.Privacy!.NoisePlacement);
        Assert.Null(central.Summary.Privacy!.NoiseShares);
        Assert.Equal(central.Summary.Privacy!.Epsilon, report.Epsilon); // the same mechanism, the same accounting
        Approx.SameBits(model.Weights[0], again.Weights[0]);
        Assert.NotEqual(model.Weights[0], central.Weights[0]); // the shares are other draws than the driver's noise
        Assert.Contains("\"noisePlacement\"", ShardML.Algorithms.Models.ModelFile.ToJson(model), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_secure_aggregation_distributed_noise_is_refused_since_the_driver_would_see_each_share()
    {
        var path = _data.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 200), ["no", "yes"]);
        var options = DpOptions() with { Privacy = DpOptions().Privacy! with { Noise = NoisePlacement.Distributed } };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => TrainAsync(path, AggregationPrivacy.Clear, options));

        Assert.Contains("`Noise` = distributed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("`SecureAggregation`", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mechanisms_whose_noise_is_not_split_into_shares_refuse_it()
    {
        var distributed = new DifferentialPrivacyOptions { Noise = NoisePlacement.Distributed, Bounds = new FeatureBounds(["x"], [0], [1]), LabelBounds = [0, 1] };
        var adassp = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.NormalEquations, Standardize = false, Privacy = distributed };
        var lloyd = new KMeansOptions { NumberOfClusters = 2, Privacy = distributed };

        Assert.Contains("AdaSSP", adassp.Validate(), StringComparison.Ordinal);
        Assert.Contains("DP-Lloyd", lloyd.Validate(1, 100), StringComparison.Ordinal);
        // Left to choose, least squares with label bounds is DP-SGD rather than the refused normal equations.
        Assert.Equal(LinearSolver.Sgd, (adassp with { Solver = LinearSolver.Auto }).Resolve(1));
        Assert.Equal(LinearSolver.NormalEquations, (adassp with { Solver = LinearSolver.Auto, Privacy = distributed with { Noise = NoisePlacement.Driver } }).Resolve(1));
    }

    public void Dispose() => _data.Dispose();

    /// <summary>A DP-SGD step over every row (q = 1) of a squared loss, with noise shares of deviation <paramref name="share"/>.</summary>
    private static DpSgdStep Step(double share, ulong? seed) =>
        new([0.1, -0.2, 0.3, 0, 0.5, 0.05], 5, LossKind.Squared, LabelEncoding.Regression, 4, 17, 1.0, 0.5, Mean, InverseScale)
        {
            NoiseShare = share,
            NoiseTestSeed = seed,
        };

    /// <summary>The noise of <paramref name="noisy"/> over <paramref name="clean"/> in the solver's coordinates, as the driver maps sums.</summary>
    private static IEnumerable<double> SolverNoise(double[] noisy, double[] clean)
    {
        var intercept = noisy[5] - clean[5];
        for (var j = 0; j < 5; j++)
        {
            yield return (noisy[j] - clean[j] - (Mean[j] * intercept)) * InverseScale[j];
        }

        yield return intercept;
    }

    private Task<InMemoryExecutor> LoadAsync(AggregationPrivacy privacy)
    {
        var path = _data.WriteCsv("rows.csv", ClassificationData.Noisy(rows: 400));
        return InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(new DatasetOptions { Path = path }, Partitions), privacy, CancellationToken.None);
    }

    private static async Task<LinearClassifierModel> TrainAsync(string path, AggregationPrivacy privacy, LinearModelOptions options)
    {
        await using var executor = await InMemoryExecutor.LoadAsync(
            DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true }, Partitions), privacy, CancellationToken.None);
        return await ClassificationData.TrainAsync(executor, options);
    }

    private static LinearModelOptions DpOptions() => new()
    {
        Loss = LossKind.Logistic,
        Solver = LinearSolver.Sgd,
        BatchSize = 100,
        Epochs = 2,
        LearningRate = 0.5,
        Schedule = LearningRateSchedule.Constant,
        L2 = 1e-4,
        Seed = 5,
        Privacy = new DifferentialPrivacyOptions { Epsilon = 1, Delta = 1e-5, ClipNorm = 1, TestSeed = 99 },
    };
}
