using MemoryPack;
using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;
using Xunit.Abstractions;

namespace ShardML.Algorithms.Tests.LinearModels;

/// <summary>
/// Multinomial (softmax) logistic regression against <see cref="ReferenceSoftmax"/> on Fisher's iris (3 classes,
/// 4 features, 150 rows, raw features): the objective, the coefficients, the gradient of the kernel, L1 optimality,
/// determinism, partition independence, every solver that offers it, DP-SGD's clipping and the fused multi-candidate step.
/// </summary>
public sealed class MultinomialLogisticTests(ITestOutputHelper output) : IDisposable
{
    private const double L2 = 0.01;
    private const int K = 3;
    private readonly DataDirectory _files = new();
    private readonly Table _iris = ReferenceSoftmax.Iris();

    [Fact]
    public async Task Lbfgs_reaches_the_objective_and_coefficients_of_newtons_method_on_iris()
    {
        await using var executor = await LoadAsync(3);

        var model = await ClassificationData.TrainAsync(executor, Lbfgs());
        var reference = ReferenceSoftmax.Newton(_iris, K, L2);

        var optimum = ReferenceSoftmax.Objective(_iris, reference, K, L2);
        var reached = ReferenceSoftmax.Objective(_iris, model.PackCoefficients(), K, L2);
        output.WriteLine($"objective: Newton {optimum:R}, ShardML {reached:R} in {model.Summary.Iterations} iterations");
        Assert.True(model.Multinomial);
        Assert.Equal(-1, model.PositiveClass);
        Assert.Equal(K, model.Weights.Length);
        Assert.True(model.Summary.Converged);
        Assert.True(reached >= optimum * (1 - 1e-12), "below the optimum: the reference is wrong");
        Approx.Relative(optimum, reached, 1e-6, "objective");
        Approx.Relative(reached, model.Summary.FinalLoss, 1e-9, "the objective the trainer reports");
        CloseInNorm(reference, Centered(model.PackCoefficients()), 1e-5, "coefficients");
    }

    [Fact]
    public async Task The_zero_models_objective_is_log_k()
    {
        await using var executor = await LoadAsync(2);
        var encoding = LabelEncoding.Softmax(ReferenceSoftmax.IrisClasses);

        var sums = await executor.RunAsync(new LossGradientStep(new double[K * 5], 4, LossKind.Logistic, encoding), CancellationToken.None);
        var model = await ClassificationData.TrainAsync(executor, Lbfgs());

        // 150 rows' log k summed in double: rounding of the order of n ε.
        Approx.Relative(Math.Log(K), sums.Losses.Sum() / sums.Count, 1e-13, "F(0) of the kernel");
        Approx.Relative(Math.Log(K), model.Summary.LossHistory[0], 1e-13, "the first objective of the history");
        Approx.Relative(Math.Log(K), LinearModelTrainer.ZeroModelObjective(LossKind.Logistic, encoding), 1e-15, "the trainer's F(0)");
        Assert.Equal(3 * Math.Log(2), LinearModelTrainer.ZeroModelObjective(LossKind.Logistic, LabelEncoding.OneVsRest(ReferenceSoftmax.IrisClasses)), 15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_kernels_loss_and_gradient_match_the_reference_at_any_point(bool sparse)
    {
        // LibSVM labels are numbers: class 0, 1, 2 by their indices, in the same order.
        await using var executor = sparse
            ? await DataDirectory.LoadAsync(_files.WriteLibSvm("iris.svm", _iris), 4, categorical: true)
            : await LoadAsync(4);
        var random = new Random(5);
        var theta = Enumerable.Range(0, K * 5).Select(_ => random.NextDouble() - 0.5).ToArray();
        var encoding = LabelEncoding.Softmax(sparse ? ["0", "1", "2"] : ReferenceSoftmax.IrisClasses);

        var sums = await executor.RunAsync(new LossGradientStep(theta, 4, LossKind.Logistic, encoding), CancellationToken.None);

        Assert.Equal(_iris.Count, sums.Count);
        Approx.Relative(ReferenceSoftmax.Objective(_iris, theta, K, 0), sums.Losses.Sum() / sums.Count, 1e-12, "mean loss");
        Approx.Relative(ReferenceSoftmax.LossGradient(_iris, theta, K), [.. sums.Gradient.Take(K * 5).Select(g => g / sums.Count)], 1e-10, "gradient");
    }

    [Fact]
    public async Task Owlqn_satisfies_the_l1_optimality_conditions_of_every_class()
    {
        const double l1 = 0.02;
        await using var executor = await LoadAsync(3);

        var model = await ClassificationData.TrainAsync(executor, Lbfgs() with { L1 = l1, Tolerance = 1e-9 });

        var theta = model.PackCoefficients();
        var g = ReferenceSoftmax.LossGradient(_iris, theta, K);
        var zeros = 0;
        for (var c = 0; c < K; c++)
        {
            for (var j = 0; j < 4; j++)
            {
                var at = (c * 5) + j;
                var smooth = g[at] + (L2 * theta[at]);
                if (theta[at] != 0)
                {
                    Approx.Absolute(0, smooth + (l1 * Math.Sign(theta[at])), 1e-5, $"optimality of class {c}'s weight {j}");
                }
                else
                {
                    zeros++;
                    Assert.True(Math.Abs(smooth) <= l1 + 1e-5, $"class {c}'s weight {j} is zero but |∂| = {Math.Abs(smooth)} > λ₁");
                }
            }

            Approx.Absolute(0, g[(c * 5) + 4], 1e-5, $"class {c}'s intercept optimality");
        }

        output.WriteLine($"{zeros} of 12 weights are zero");
        Assert.InRange(zeros, 1, 11);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_bits_and_the_partition_count_only_reorders_sums()
    {
        await using var one = await LoadAsync(1);
        await using var four = await LoadAsync(4);
        var sgd = Sgd();

        var first = await ClassificationData.TrainAsync(four, sgd);
        var second = await ClassificationData.TrainAsync(four, sgd);
        var byLbfgsOne = await ClassificationData.TrainAsync(one, Lbfgs());
        var byLbfgsFour = await ClassificationData.TrainAsync(four, Lbfgs());

        Approx.SameBits(first.PackCoefficients(), second.PackCoefficients());
        Approx.Relative(byLbfgsOne.Summary.FinalLoss, byLbfgsFour.Summary.FinalLoss, 1e-12, "objective on 1 and 4 partitions");
        CloseInNorm(byLbfgsOne.PackCoefficients(), byLbfgsFour.PackCoefficients(), 1e-6, "coefficients on 1 and 4 partitions");
    }

    [Fact]
    public async Task The_multinomial_model_fits_iris_at_least_as_well_as_one_vs_rest()
    {
        await using var executor = await LoadAsync(2);

        var softmax = await ClassificationData.TrainAsync(executor, Lbfgs() with { L2 = 1e-4 });
        var ovr = await ClassificationData.TrainAsync(executor, Lbfgs() with { L2 = 1e-4, Multiclass = MulticlassStrategy.OneVsRest });
        var softmaxMetrics = softmax.Metrics(await executor.RunAsync(softmax.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));
        var ovrMetrics = ovr.Metrics(await executor.RunAsync(ovr.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        output.WriteLine($"training accuracy: softmax {softmaxMetrics["accuracy"]:F4}, one-vs-rest {ovrMetrics["accuracy"]:F4}; softmax log loss {softmaxMetrics["log_loss"]:F4}");
        Assert.True(softmax.Multinomial);
        Assert.False(ovr.Multinomial);
        Assert.True(softmaxMetrics["accuracy"] >= ovrMetrics["accuracy"], $"softmax {softmaxMetrics["accuracy"]} < one-vs-rest {ovrMetrics["accuracy"]}");
        Assert.True(softmaxMetrics["accuracy"] >= 0.97);
        Assert.False(ovrMetrics.ContainsKey("log_loss"));

        // The log loss of the evaluation is the training objective's loss part: λ₂/2 ‖w‖² = F − mean cross-entropy.
        var squares = softmax.Weights.Sum(w => w.Sum(v => v * v));
        Approx.Relative(softmax.Summary.FinalLoss - (1e-4 / 2 * squares), softmaxMetrics["log_loss"], 1e-9, "log loss");
    }

    [Fact]
    public async Task Reproduces_scikit_learns_documented_iris_example()
    {
        // scikit-learn's LogisticRegression docstring: LogisticRegression(random_state=0).fit(X, y) on iris — C = 1, L-BFGS,
        // multinomial, intercept unpenalized — gives predict_proba(X[:2]) = [[9.8e-01, 1.8e-02, 1.4e-08],
        // [9.7e-01, 2.8e-02, …e-08]] and score 0.97…. Its objective C Σ ℓ + ½‖w‖² is n C times ShardML's with λ₂ = 1/(n C).
        await using var executor = await LoadAsync(2);
        var model = await ClassificationData.TrainAsync(executor, Lbfgs() with { L2 = 1.0 / _iris.Count });

        var first = model.Predict(_iris.Rows[0]).Probabilities!;
        var second = model.Predict(_iris.Rows[1]).Probabilities!;
        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        output.WriteLine($"row 1: {string.Join(", ", first.Select(p => p.ToString("E3", System.Globalization.CultureInfo.InvariantCulture)))}");
        output.WriteLine($"row 2: {string.Join(", ", second.Select(p => p.ToString("E3", System.Globalization.CultureInfo.InvariantCulture)))}");
        output.WriteLine($"accuracy {metrics["accuracy"]:F4}");
        Assert.InRange(first[0], 0.98, 0.99);
        Assert.InRange(first[1], 0.018, 0.019);
        Assert.InRange(first[2], 1.4e-8, 1.5e-8);
        Assert.InRange(second[0], 0.97, 0.98);
        Assert.InRange(second[1], 0.028, 0.029);
        Assert.InRange(metrics["accuracy"], 0.97, 0.98);
    }

    [Fact]
    public async Task Probabilities_are_the_softmax_of_the_scores_and_predictions_their_argmax()
    {
        await using var executor = await LoadAsync(3);
        var model = await ClassificationData.TrainAsync(executor, Lbfgs());

        var predictions = await executor.RunAsync(model.CreatePredictStep(), CancellationToken.None);
        var rows = _iris.Rows.SelectMany(r => r).ToArray();
        var classes = new int[_iris.Count];
        var probabilities = new double[_iris.Count * K];
        model.Predict(rows, classes, probabilities);

        var p = new double[K];
        var theta = model.PackCoefficients();
        for (var i = 0; i < _iris.Count; i++)
        {
            ReferenceSoftmax.Probabilities(_iris.Rows[i], theta, K, p);
            var single = model.Predict(_iris.Rows[i]);
            Assert.Equal(Array.IndexOf(p, p.Max()), single.ClassIndex);
            Assert.Equal(single.ClassIndex, classes[i]);
            Assert.Equal(single.ClassIndex, (int)predictions.Values[i]);
            for (var c = 0; c < K; c++)
            {
                Approx.Absolute(p[c], single.Probabilities![c], 1e-12, "single-row probability");
                Approx.Absolute(p[c], probabilities[(i * K) + c], 1e-12, "batch probability");
                Approx.Absolute(p[c], predictions.Probabilities[(i * K) + c], 1e-6, "the predict step's probability (float)");
            }
        }
    }

    [Theory]
    [InlineData(LinearSolver.GradientDescent, 1e-3)]
    [InlineData(LinearSolver.Sgd, 2e-2)]
    [InlineData(LinearSolver.LocalSgd, 2e-2)]
    public async Task Every_solver_of_the_logistic_loss_trains_the_multinomial_model(LinearSolver solver, double tolerance)
    {
        await using var executor = await LoadAsync(3);
        var options = solver == LinearSolver.GradientDescent
            ? Lbfgs() with { Solver = solver, Standardize = true, MaximumIterations = 5000, Tolerance = 1e-7, LearningRate = 1 }
            : Sgd() with { Solver = solver, Standardize = true };

        var model = await ClassificationData.TrainAsync(executor, options);
        var standardizedOptimum = await ClassificationData.TrainAsync(executor, Lbfgs() with { Standardize = true, Tolerance = 1e-9 });

        var reached = model.Summary.FinalLoss;
        var optimum = standardizedOptimum.Summary.FinalLoss;
        output.WriteLine($"{solver}: objective {reached:G8} against L-BFGS's {optimum:G8}");
        Assert.True(model.Multinomial);
        Assert.True(reached >= optimum * (1 - 1e-9), "below L-BFGS's optimum");
        Approx.Relative(optimum, reached, tolerance, "objective");
    }

    [Fact]
    public async Task Dp_sgd_clips_each_rows_whole_gradient_over_every_class()
    {
        const double clip = 0.5;
        await using var executor = await LoadAsync(2);
        var random = new Random(9);
        var theta = Enumerable.Range(0, K * 5).Select(_ => random.NextDouble() - 0.5).ToArray();
        var step = new DpSgdStep(theta, 4, LossKind.Logistic, LabelEncoding.Softmax(ReferenceSoftmax.IrisClasses), 3, 1, 1.0, clip, new double[4], [1, 1, 1, 1]);

        var sums = await executor.RunAsync(step, CancellationToken.None);

        // Each row's gradient over all k × (d + 1) coefficients, scaled to norm ≤ C as one vector.
        var expected = new double[K * 5];
        var p = new double[K];
        foreach (var (x, i) in _iris.Rows.Select((x, i) => (x, i)))
        {
            ReferenceSoftmax.Probabilities(x, theta, K, p);
            p[(int)_iris.Labels![i]] -= 1;
            var norm = Math.Sqrt(p.Sum(v => v * v) * (x.Sum(v => (double)v * v) + 1));
            var factor = Math.Min(1, clip / norm);
            for (var c = 0; c < K; c++)
            {
                for (var j = 0; j < 4; j++)
                {
                    expected[(c * 5) + j] += factor * p[c] * x[j];
                }

                expected[(c * 5) + 4] += factor * p[c];
            }
        }

        Assert.Equal(_iris.Count, sums.Count);
        Approx.Relative(expected, [.. sums.Gradient.Take(K * 5)], 1e-10, "clipped gradient sum");
    }

    [Fact]
    public async Task Dp_sgd_trains_a_multinomial_model()
    {
        await using var executor = await LoadAsync(2);
        var options = Sgd() with
        {
            Standardize = true, Epochs = 30, BatchSize = 50, Averaged = false,
            Privacy = new ShardML.Algorithms.Privacy.DifferentialPrivacyOptions { Epsilon = 1e6, Delta = 1e-5, ClipNorm = 5, TestSeed = 3, Bounds = new ShardML.Algorithms.Privacy.FeatureBounds([.. _iris.FeatureNames], [4, 2, 1, 0], [8, 4.5f, 7, 2.5f]) },
        };

        var model = await ClassificationData.TrainAsync(executor, options);
        var metrics = model.Metrics(await executor.RunAsync(model.CreateEvaluateStep(executor.Dataset.Schema), CancellationToken.None));

        Assert.True(model.Multinomial);
        Assert.True(metrics["accuracy"] >= 0.9, $"accuracy {metrics["accuracy"]} with next to no noise");
    }

    [Fact]
    public async Task Multinomial_candidates_fuse_with_each_other_into_their_own_bits_but_never_with_one_vs_rest()
    {
        await using var executor = await LoadAsync(3);
        var softmax = LabelEncoding.Softmax(ReferenceSoftmax.IrisClasses);
        var random = new Random(2);
        var steps = Enumerable.Range(0, 3)
            .Select(_ => new LossGradientStep([.. Enumerable.Range(0, K * 5).Select(_ => random.NextDouble() - 0.5)], 4, LossKind.Logistic, softmax))
            .ToArray();

        var fused = MultiLossGradientStep.TryFuse(steps);
        var mixed = MultiLossGradientStep.TryFuse([steps[0], steps[1] with { Encoding = LabelEncoding.OneVsRest(ReferenceSoftmax.IrisClasses) }]);
        var together = await executor.RunAsync(fused!, CancellationToken.None);

        Assert.Null(mixed);
        for (var j = 0; j < steps.Length; j++)
        {
            var alone = await executor.RunAsync(steps[j], CancellationToken.None);
            var part = (LossGradient)together.Parts[j];
            Approx.SameBits(alone.Losses, part.Losses);
            Approx.SameBits(alone.Gradient.Take(K * 5), part.Gradient.Take(K * 5));
        }
    }

    [Fact]
    public async Task The_model_file_says_multinomial_in_version_4_and_older_files_read_as_one_vs_rest()
    {
        await using var executor = await LoadAsync(2);
        var softmax = await ClassificationData.TrainAsync(executor, Lbfgs());
        var ovr = await ClassificationData.TrainAsync(executor, Lbfgs() with { Multiclass = MulticlassStrategy.OneVsRest });

        var softmaxJson = System.Text.Json.Nodes.JsonNode.Parse(ModelFile.ToJson(softmax))!;
        var ovrJson = System.Text.Json.Nodes.JsonNode.Parse(ModelFile.ToJson(ovr))!;
        var read = (LinearClassifierModel)ModelFile.FromJson(softmaxJson.ToJsonString());

        Assert.Equal(4, (int)softmaxJson["version"]!);
        Assert.True((bool)softmaxJson["model"]!["multinomial"]!);
        Assert.Equal("softmax", (string)softmaxJson["model"]!["hyperparameters"]!["multiclass"]!);
        Assert.True(read.Multinomial);
        Approx.SameBits(softmax.PackCoefficients(), read.PackCoefficients());
        Assert.Equal(2, (int)ovrJson["version"]!);
        Assert.Null(ovrJson["model"]!["multinomial"]);

        // A file of version 3, before the option existed: a three-class logistic model was one-vs-rest, and says so.
        ovrJson["version"] = 3;
        ((System.Text.Json.Nodes.JsonObject)ovrJson["model"]!["hyperparameters"]!).Remove("multiclass");
        var old = (LinearClassifierModel)ModelFile.FromJson(ovrJson.ToJsonString());
        Assert.False(old.Multinomial);
        Assert.Equal(MulticlassStrategy.OneVsRest, old.Hyperparameters.Multiclass);
        Assert.Contains("one-vs-rest over 3 classes", old.Describe().Kind, StringComparison.Ordinal);

        // A hand-edited file that calls a binary model multinomial is refused, not guessed at.
        var binaryClaim = System.Text.Json.Nodes.JsonNode.Parse(ModelFile.ToJson(softmax))!;
        binaryClaim["model"]!["positiveClass"] = 1;
        Assert.Contains("multinomial", Assert.Throws<InvalidDataException>(() => ModelFile.FromJson(binaryClaim.ToJsonString())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_and_options_serialized_before_the_multinomial_member_read_as_one_vs_rest()
    {
        // MemoryPack writes an object as its member count, then the members in declaration order (get-only properties
        // too): drop the last members, the new one and those after it (the options' preconditioner), to get the bytes a
        // build before it wrote.
        var encoding = MemoryPackSerializer.Serialize(LabelEncoding.OneVsRest(["a", "b", "c"]) with { Multinomial = true });
        var options = MemoryPackSerializer.Serialize(new LinearModelOptions { Multiclass = MulticlassStrategy.Softmax, L2 = 0.5 });

        var oldEncoding = MemoryPackSerializer.Deserialize<LabelEncoding>([(byte)(encoding[0] - 1), .. encoding[1..^1]])!;
        var oldOptions = MemoryPackSerializer.Deserialize<LinearModelOptions>([(byte)(options[0] - 2), .. options[1..^(2 * sizeof(int))]])!;

        Assert.Equal(7, encoding[0]); // Classes, PositiveClass, four get-only properties, Multinomial
        Assert.False(oldEncoding.Multinomial);
        Assert.Equal(["a", "b", "c"], oldEncoding.Classes!);
        Assert.Equal(MulticlassStrategy.OneVsRest, oldOptions.Multiclass);
        Assert.Equal(0.5, oldOptions.L2);
        Assert.True(MemoryPackSerializer.Deserialize<LabelEncoding>(encoding)!.Multinomial);
    }

    public void Dispose() => _files.Dispose();

    internal static LinearModelOptions Lbfgs() => new() { Loss = LossKind.Logistic, Solver = LinearSolver.Lbfgs, L2 = L2, Tolerance = 1e-8, MaximumIterations = 2000 };

    private static LinearModelOptions Sgd() => new()
    {
        Loss = LossKind.Logistic,
        Solver = LinearSolver.Sgd,
        L2 = L2,
        LearningRate = 0.5,
        Schedule = LearningRateSchedule.Pegasos,
        BatchSize = 16,
        Epochs = 200,
        Averaged = true,
        Tolerance = 0,
        Seed = 11,
    };

    private Task<InMemoryExecutor> LoadAsync(int partitions) =>
        DataDirectory.LoadAsync(_files.WriteClassCsv("iris.csv", _iris, ReferenceSoftmax.IrisClasses), partitions, categorical: true);

    /// <summary>‖expected − actual‖ ≤ relative × ‖expected‖: weakly determined small coefficients may differ more on their own.</summary>
    private static void CloseInNorm(double[] expected, double[] actual, double relative, string what)
    {
        var error = Math.Sqrt(expected.Zip(actual, (e, a) => (e - a) * (e - a)).Sum());
        var norm = Math.Sqrt(expected.Sum(e => e * e));
        Assert.True(error <= relative * norm, $"{what}: ‖difference‖ {error:G3} is {error / norm:G3} of ‖expected‖ {norm:G3}, above {relative:G3}");
    }

    /// <summary>The coefficients with the intercepts shifted to sum to zero, the reference's normalization (the objective does not see the shift).</summary>
    private static double[] Centered(double[] theta)
    {
        var mean = Enumerable.Range(0, K).Average(c => theta[(c * 5) + 4]);
        var centered = (double[])theta.Clone();
        for (var c = 0; c < K; c++)
        {
            centered[(c * 5) + 4] -= mean;
        }

        return centered;
    }
}
