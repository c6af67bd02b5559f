using ShardML.Algorithms.Classification;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using static ShardML.Algorithms.Tests.Support.TwoSiloExecutor.Silo;

namespace ShardML.Algorithms.Tests.Svm;

/// <summary>
/// A partition continues only from the duals the driver accepted. The scenario: round 4 of partition 1 on silo A
/// answers too late but still completes, so A's duals say "round 4"; the driver reruns it on silo B, from β = 0 there,
/// and builds w from B's share; in round 5 the partition is back on A. Continuing from A's duals would measure the
/// duality gap with a w that is not theirs — no bound, and a possible early stop.
/// </summary>
public sealed class CocoaLineageTests : IDisposable
{
    private const double L2 = 1e-3;
    private const int Dimension = 5;
    private const string Key = "cocoa/lineage";
    private static readonly string[] Names = ["-1", "+1"];
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task A_partition_back_on_a_silo_whose_late_reply_was_replaced_restarts_from_zero_and_flags_a_reset()
    {
        var table = ClassificationData.Noisy(rows: 600);
        await using var executor = TwoSiloExecutor.Load(_files.WriteClassCsv("noisy.csv", table, Names), 2);
        var driver = new Driver(executor);
        for (var round = 1; round <= 3; round++)
        {
            Assert.Equal(0, (await driver.RoundAsync()).Resets);
        }

        executor.Route = (_, p) => p == 1 ? [A, B] : [A];
        var replaced = await driver.RoundAsync();
        executor.Route = null;

        Assert.Equal(1, replaced.Resets); // B had no duals
        Assert.Equal([new CocoaLineage(0, 1), new CocoaLineage(1, 4)], replaced.Lineages);
        Assert.NotEmpty(executor.OnA[1].State); // A's late duals, of round 4 but of the lineage that began in round 1
        Assert.Empty(executor.RunOn(new CocoaDualsStep(Key, 4, driver.Origins), A, 1).Partitions); // a checkpoint would not take them
        Assert.Equal(4, Assert.Single(executor.RunOn(new CocoaDualsStep(Key, 4, driver.Origins), B, 1).Partitions).Origin);

        var back = await driver.RoundAsync();

        Assert.Equal(1, back.Resets);
        Assert.Equal([new CocoaLineage(0, 1), new CocoaLineage(1, 5)], back.Lineages);

        // From the next round on, w is again the w of the duals held, and the gap is a bound again.
        var next = await driver.RoundAsync();
        var (w, b) = ReferenceDualCoordinateDescent.Solve(table, L2);
        Assert.Equal(0, next.Resets);
        Assert.True(driver.Dual(next) <= ReferenceDualCoordinateDescent.Primal(table, w, b, L2), "the dual objective exceeds the optimal primal");
    }

    [Fact]
    public async Task Trained_through_a_replaced_reply_it_ignores_the_gaps_of_both_resets_and_stops_only_at_a_true_gap()
    {
        var table = ClassificationData.Noisy();
        await using var executor = TwoSiloExecutor.Load(_files.WriteClassCsv("noisy.csv", table, Names), 3);
        executor.Route = (step, p) => step is CocoaStep { Round: 4 } && p == 1 ? [A, B] : [A];

        var model = await ClassificationData.TrainAsync(executor, CocoaTests.Options());

        var resets = model.Summary.Notes.Where(n => n.Contains("restarted from α = 0", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, resets.Length);
        Assert.StartsWith("round 4: 1 partition(s)", resets[0], StringComparison.Ordinal);
        Assert.StartsWith("round 5: 1 partition(s)", resets[1], StringComparison.Ordinal);
        Assert.True(model.Summary.Converged);
        var (w, b) = ReferenceDualCoordinateDescent.Solve(table, L2);
        var optimum = ReferenceDualCoordinateDescent.Primal(table, w, b, L2);
        var reached = ReferenceDualCoordinateDescent.Primal(table, model.Weights[0], model.Intercepts[0], L2);
        Assert.True(
            (reached - optimum) / reached <= model.Summary.RelativeDualityGap!.Value + 1e-9,
            $"suboptimality {(reached - optimum) / reached:G3} exceeds the reported gap {model.Summary.RelativeDualityGap:G3}");
    }

    [Fact]
    public async Task A_round_cancelled_half_way_leaves_no_duals_to_continue_from()
    {
        await using var executor = TwoSiloExecutor.Load(_files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 300), Names), 2);
        var driver = new Driver(executor);
        await driver.RoundAsync();
        await driver.RoundAsync();

        Assert.Throws<OperationCanceledException>(() => executor.RunOn(driver.Step(3), A, 0, new CancellationToken(canceled: true)));

        Assert.Empty(executor.OnA[0].State);
        Assert.Equal(1, executor.RunOn(driver.Step(3), A, 0).Resets);
    }

    [Fact]
    public async Task A_partition_that_restarted_before_a_checkpoint_resumes_in_its_lineage_to_the_bits_of_an_undisturbed_run()
    {
        var path = _files.WriteClassCsv("noisy.csv", ClassificationData.Noisy(rows: 600), Names);
        var options = CocoaTests.Options() with { MaximumIterations = 8 };
        var recording = new RecordingCheckpoints(3);
        await using var first = PartitionsExecutor.Load(path, 3);
        first.BeforePass = (pass, e) =>
        {
            if (pass == 3)
            {
                e.Partitions[1].State.Clear(); // passes: classes, rounds 1 and 2: partition 1's duals begin again in round 2
            }
        };
        var undisturbed = await new LinearModelTrainer().TrainAsync(first, options, null, recording.Trainer, CancellationToken.None);

        var saved = recording.Read<CocoaState>(0);
        Assert.Equal([1, 2, 1], saved.Duals.Select(d => d.Origin));

        var resumed = recording.ResumeFrom(0);
        await using var fresh = PartitionsExecutor.Load(path, 3);
        var model = await new LinearModelTrainer().TrainAsync(fresh, options, null, resumed.Trainer, CancellationToken.None);

        SameModel.Assert(undisturbed, model, "resumed after round 3");
        recording.AssertResumedRunRepeated(resumed, 0);
        Assert.Single(model.Summary.Notes, n => n.StartsWith("round 2: 1 partition(s)", StringComparison.Ordinal));
    }

    public void Dispose() => _files.Dispose();

    /// <summary>CoCoA+'s driver loop, by hand: broadcast w and the accepted lineages, take the next w and lineages.</summary>
    private sealed class Driver(TwoSiloExecutor executor)
    {
        private static readonly LabelEncoding Encoding = LabelEncoding.Binary(Names, 1);
        private double[] _w = new double[Dimension + 1];
        private double[] _sent = [];
        private int _round;

        public int[] Origins { get; private set; } = new int[executor.Dataset.PartitionCount];

        public long Rows => executor.Dataset.TotalRows;

        public CocoaStep Step(int round) =>
            new(_w, Dimension, Encoding, L2, Rows, executor.Dataset.PartitionCount, 1, 3, round, Key, null, Origins);

        public async Task<CocoaSummary> RoundAsync()
        {
            _sent = _w;
            var summary = await executor.RunAsync(Step(++_round), CancellationToken.None);
            _w = summary.Contributions;
            Origins = CocoaLineage.ByPartition(executor.Dataset.PartitionCount, summary.Lineages);
            return summary;
        }

        /// <summary>The solver's dual objective D = Σ β / n − λ/2 ‖w‖² of the last round, with the w it was sent.</summary>
        public double Dual(CocoaSummary last) => (last.DualSums[0] / Rows) - (L2 / 2 * _sent.Sum(v => v * v));
    }
}
