using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Privacy;

public sealed class DpSgdTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public void No_row_contributes_more_than_the_clipping_norm_in_the_solvers_coordinates()
    {
        var table = ClassificationData.Noisy(rows: 300);
        var signed = ClassificationData.Signed(table);
        var d = table.Dimension;
        double[] coefficients = [.. Enumerable.Range(0, d + 1).Select(j => 3.0 * (j - 2))];
        double[] mean = [.. Enumerable.Range(0, d).Select(j => 0.5 * j)];
        double[] inverse = [.. Enumerable.Range(0, d).Select(j => 1.0 / (1 + j))];
        var step = new DpSgdStep(coefficients, d, LossKind.Squared, LabelEncoding.Regression, 4, 0, 1.0, 0.25, mean, inverse);

        for (var i = 0; i < signed.Count; i++)
        {
            var one = MemoryPartitions.Build(signed, i, 1, 0, sparse: false);
            var sums = step.Run(one, new StepContext(0, i, CancellationToken.None));
            // The row's gradient in the solver's coordinates: (Σ ℓ′x − μ Σ ℓ′)/σ per feature, Σ ℓ′ for the intercept.
            var norm = Math.Sqrt(Enumerable.Range(0, d).Sum(j => Math.Pow((sums.Gradient[j] - (mean[j] * sums.Gradient[d])) * inverse[j], 2)) + Math.Pow(sums.Gradient[d], 2));
            Assert.True(norm <= 0.25 * (1 + 1e-12), $"row {i}: norm {norm}");
            Assert.Equal(1, sums.Count);
        }
    }

    [Fact]
    public async Task The_noise_has_the_promised_spread_where_the_gradients_cancel()
    {
        // Pairs of equal rows with opposite targets: at any θ their clipped squared-loss gradients cancel, so every
        // step's update is the noise alone, −η z/(qN), z ~ N(0, σ²C²) per coordinate.
        var lines = new List<string> { "x,y" };
        for (var i = 0; i < 500; i++)
        {
            lines.Add("1,1");
            lines.Add("1,-1");
        }

        var path = _files.Write("cancel.csv", string.Join('\n', lines) + "\n");
        await using var executor = await DataDirectory.LoadAsync(path, 3);
        var options = DpOptions(LossKind.Squared) with
        {
            BatchSize = 1000, Epochs = 400, LearningRate = 1, Schedule = LearningRateSchedule.Constant, L2 = 0,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1e6, NoiseMultiplier = 2, ClipNorm = 0.5, TestSeed = 11 },
        };

        var model = await new LinearModelTrainer().TrainAsync(executor, options, null, CancellationToken.None);

        // 400 steps of q = 1: θ is a sum of 400 independent N(0, (ησC/N)²) updates per coordinate.
        var expected = Math.Sqrt(400) * 2 * 0.5 / 1000;
        Assert.Equal(400, model.Summary.Privacy!.Steps);
        Assert.InRange(Math.Abs(model.Weights[0][0] + model.Intercepts[0]) / expected, 0, 4.5); // one draw of a sum of two such coordinates
        var deviation = await SpreadOfUpdatesAsync(executor, options);
        Assert.InRange(deviation / (2 * 0.5 / 1000), 0.9, 1.1); // 2·400 draws: the sample deviation is within 10% at far beyond 3σ
    }

    [Fact]
    public async Task The_budget_spent_never_exceeds_the_one_asked_for()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 2000), ["no", "yes"]);
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);

        var model = await new LinearModelTrainer().TrainAsync(executor, DpOptions(LossKind.Logistic), null, CancellationToken.None);

        var spent = model.Summary.Privacy!;
        Assert.True(spent.Epsilon <= 1.0, $"spent ε = {spent.Epsilon}");
        Assert.True(spent.Epsilon > 0.9, $"calibration wasted budget: ε = {spent.Epsilon}");
        Assert.Equal(1e-5, spent.Delta);
        Assert.Equal((long)Math.Ceiling(3 / spent.SampleRate!.Value), spent.Steps);
        var accountant = PrivacyAccountants.Create(AccountantKind.Rdp);
        accountant.Record(spent.NoiseMultiplier!.Value, spent.SampleRate!.Value, spent.Steps);
        Assert.Equal(spent.Epsilon, accountant.GetEpsilon(1e-5).Epsilon, 12);

        var overspend = DpOptions(LossKind.Logistic) with { Privacy = new DifferentialPrivacyOptions { Epsilon = 1, NoiseMultiplier = 0.3, TestSeed = 1 } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new LinearModelTrainer().TrainAsync(executor, overspend, null, CancellationToken.None));
        Assert.Contains("more than the `Epsilon` of 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_job_continues_the_accountant_and_gives_the_bits_of_an_undisturbed_run()
    {
        var path = _files.WriteClassCsv("three.csv", ClassificationData.ThreeBlobs(), ["a", "b", "c"]);

        await LinearModelResumeTests.AssertResumesToTheSameBits(path, DpOptions(LossKind.Logistic) with { Epochs = 2 }, interval: 2);
    }

    [Fact]
    public async Task A_private_model_names_what_it_spent_and_a_test_seed_says_so()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 800), ["no", "yes"]);
        await using var executor = await DataDirectory.LoadAsync(path, 2, categorical: true);

        var model = await new LinearModelTrainer().TrainAsync(executor, DpOptions(LossKind.Hinge), null, CancellationToken.None);

        var json = ShardML.Algorithms.Models.ModelFile.ToJson(model);
        Assert.Contains("\"privacy\"", json, StringComparison.Ordinal);
        Assert.Contains("\"testSeed\": true", json, StringComparison.Ordinal);
        Assert.Contains(model.Summary.Notes, n => n.Contains("test seed", StringComparison.Ordinal));
        Assert.Empty(model.Summary.LossHistory);
    }

    [Fact]
    public void Options_that_would_leak_or_cannot_be_private_are_refused()
    {
        var lbfgs = DpOptions(LossKind.Logistic) with { Solver = LinearSolver.Lbfgs };
        var standardized = DpOptions(LossKind.Logistic) with { Standardize = true };

        Assert.Contains("DP-SGD", lbfgs.Validate(), StringComparison.Ordinal);
        Assert.Contains("public feature bounds", standardized.Validate(), StringComparison.Ordinal);
        Assert.Null((standardized with { Privacy = standardized.Privacy! with { Bounds = new FeatureBounds(["x"], [0], [1]) } }).Validate());
    }

    public void Dispose() => _files.Dispose();

    private static LinearModelOptions DpOptions(LossKind loss) => new()
    {
        Loss = loss,
        Solver = LinearSolver.Sgd,
        BatchSize = 100,
        Epochs = 3,
        LearningRate = 0.5,
        Schedule = LearningRateSchedule.Constant,
        L2 = 1e-4,
        Seed = 5,
        Privacy = new DifferentialPrivacyOptions { Epsilon = 1, Delta = 1e-5, ClipNorm = 1, TestSeed = 99 },
    };

    /// <summary>The standard deviation of single-step updates, from 400 runs of one step each from θ = 0.</summary>
    private static async Task<double> SpreadOfUpdatesAsync(IPartitionExecutor executor, LinearModelOptions options)
    {
        var updates = new List<double>();
        for (var run = 0; run < 400; run++)
        {
            var one = options with { Epochs = 1, Privacy = options.Privacy! with { TestSeed = (ulong)(1000 + run) } };
            var model = await new LinearModelTrainer().TrainAsync(executor, one, null, CancellationToken.None);
            updates.Add(model.Weights[0][0]);
            updates.Add(model.Intercepts[0]); // raw b = b′ − wμ with μ = 0: b′ itself
        }

        var mean = updates.Average();
        return Math.Sqrt(updates.Sum(u => (u - mean) * (u - mean)) / (updates.Count - 1));
    }
}
