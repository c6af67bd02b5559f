using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.LinearModels;

public sealed class LocalSgdTests : IDisposable
{
    private const double L2 = 1e-3;
    private static readonly string[] Names = ["no", "yes"];
    private readonly DataDirectory _files = new();

    /// <summary>
    /// With H = 1 a round of local SGD is one synchronous mini-batch step on the same batches, so after E epochs the
    /// two must reach the same objective, seed by seed and on average. A wrong sampling stream, batch weighting,
    /// step count, schedule or L1 gravity in either solver breaks this.
    /// </summary>
    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.0, true)]
    [InlineData(0.005, false)]
    public async Task With_one_local_step_it_agrees_with_minibatch_sgd_over_several_seeds(double l1, bool averaged)
    {
        var table = ClassificationData.Noisy(rows: 1200);
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 4, categorical: true);

        var synchronous = new List<double>();
        var local = new List<double>();
        foreach (var seed in new ulong[] { 1, 2, 3, 4 })
        {
            var options = LogisticRegressionTests.Sgd() with { Seed = seed, Epochs = 5, L1 = l1, Averaged = averaged, BatchSize = 50 };
            var sgd = await ClassificationData.TrainAsync(executor, options);
            var localSgd = await ClassificationData.TrainAsync(executor, options with { Solver = LinearSolver.LocalSgd, LocalSteps = 1 });
            Approx.Relative(sgd.Summary.FinalLoss, localSgd.Summary.FinalLoss, 1e-9, $"seed {seed}");
            Assert.Equal(sgd.Summary.Communication!.Rounds, localSgd.Summary.Communication!.Rounds);
            synchronous.Add(sgd.Summary.FinalLoss);
            local.Add(localSgd.Summary.FinalLoss);
        }

        Approx.Relative(synchronous.Average(), local.Average(), 1e-9, "mean objective over seeds");
        Assert.True(synchronous.Distinct().Count() > 1, "the seeds made no difference: the test would not see a sampling bug");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_standardized_features_one_local_step_still_agrees_with_minibatch_sgd(bool sparse)
    {
        // Mini-batch SGD maps raw gradient sums; local SGD steps in standardized coordinates on raw rows. Dense data
        // is centered and scaled, sparse data only scaled, by both.
        var noisy = ClassificationData.Noisy(rows: 800);
        var table = noisy with { Rows = noisy.Rows.Select((r, i) => r.Select((v, j) => (i + j) % 3 == 0 ? 0f : (v + 2) * (j + 1) * 10).ToArray()).ToArray() };
        var path = sparse ? _files.WriteLibSvm("scaled.svm", ClassificationData.Signed(table)) : _files.WriteClassCsv("scaled.csv", table, Names);
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);
        var options = LogisticRegressionTests.Sgd() with { Epochs = 4, BatchSize = 40, Standardize = true };

        var sgd = await ClassificationData.TrainAsync(executor, options);
        var local = await ClassificationData.TrainAsync(executor, options with { Solver = LinearSolver.LocalSgd, LocalSteps = 1 });

        Assert.Equal(sparse, sgd.Standardization!.Mean.All(m => m == 0));
        Approx.Relative(sgd.Summary.FinalLoss, local.Summary.FinalLoss, 1e-9, "objective");
        Approx.Relative(sgd.Weights[0], local.Weights[0], 1e-7, "weights");
    }

    [Fact]
    public async Task Eight_local_steps_synchronize_eight_times_less_and_report_what_that_saved()
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 4, categorical: true);
        var options = LogisticRegressionTests.Sgd() with { BatchSize = 50, Epochs = 8 };

        var sgd = await ClassificationData.TrainAsync(executor, options);
        var local = await ClassificationData.TrainAsync(executor, options with { Solver = LinearSolver.LocalSgd, LocalSteps = 8 });

        var (synchronous, saved) = (sgd.Summary.Communication!, local.Summary.Communication!);
        Assert.Equal(8 * 40, synchronous.Rounds); // 8 epochs of ⌈2000 / 50⌉ rounds
        Assert.Equal(0, synchronous.RoundsSaved);
        Assert.Equal(8 * 5, saved.Rounds); // 8 epochs of ⌈2000 / (50 × 8)⌉ rounds
        Assert.Equal(8, saved.LocalStepsPerRound);
        Assert.Equal(saved.Rounds * 8L, saved.SynchronousRounds);
        Assert.Equal(saved.SynchronousRounds - saved.Rounds, saved.RoundsSaved);
        Assert.True(saved.BytesPerRound > 4 * 6 * sizeof(double), "a round moves at least the model to each of 4 partitions");
        Assert.Equal(saved.RoundsSaved * saved.BytesPerRound, saved.BytesSaved);

        // Fewer synchronizations, the same number of steps: it still gets close to the optimum.
        var (w, b) = ReferenceLogistic.Newton(table, L2);
        Approx.Relative(ReferenceLogistic.Objective(table, w, b, L2), local.Summary.FinalLoss, 1e-2, "objective after local SGD");
    }

    [Fact]
    public async Task Shuffled_blocks_reach_the_optimum_as_uniform_sampling_does_and_take_every_row_once_an_epoch()
    {
        var table = ClassificationData.Noisy();
        await using var executor = await DataDirectory.LoadAsync(_files.WriteClassCsv("noisy.csv", table, Names), 4, categorical: true);
        var options = LogisticRegressionTests.Sgd() with { Solver = LinearSolver.LocalSgd, BatchSize = 4, LocalSteps = 50, Epochs = 10 };

        var uniform = await ClassificationData.TrainAsync(executor, options);
        var blocks = await ClassificationData.TrainAsync(executor, options with { RowOrder = RowOrder.ShuffledBlocks });
        var again = await ClassificationData.TrainAsync(executor, options with { RowOrder = RowOrder.ShuffledBlocks });

        var (w, b) = ReferenceLogistic.Newton(table, L2);
        var optimum = ReferenceLogistic.Objective(table, w, b, L2);
        Approx.Relative(optimum, uniform.Summary.FinalLoss, 1e-2, "objective with uniform sampling");
        Approx.Relative(optimum, blocks.Summary.FinalLoss, 1e-2, "objective with shuffled blocks");
        Assert.NotEqual(uniform.Summary.FinalLoss, blocks.Summary.FinalLoss); // the option took effect
        Assert.Equal(blocks.Weights[0], again.Weights[0]); // and is seeded: the same bits twice
    }

    [Fact]
    public void A_row_order_is_refused_for_the_solvers_it_does_not_apply_to()
    {
        var options = LogisticRegressionTests.Sgd() with { RowOrder = RowOrder.ShuffledBlocks };

        Assert.Contains("local SGD solver only", options.Validate(), StringComparison.Ordinal);
        Assert.Null((options with { Solver = LinearSolver.LocalSgd }).Validate());
        Assert.Contains("not one of", (options with { Solver = LinearSolver.LocalSgd, RowOrder = (RowOrder)7 }).Validate(), StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
