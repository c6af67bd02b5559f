using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using Xunit;

namespace ShardML.Algorithms.Tests.Evaluation;

/// <summary>Several trainings sharing passes: each model has the bits of its training alone, and a search picks what a loop of trainings picks.</summary>
public sealed class LockstepTests : IDisposable
{
    private static readonly double[] Lambdas = [1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3];
    private readonly DataDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_fused_gradient_is_bit_identical_to_each_candidate_alone(bool sparse)
    {
        var table = Generate.Regression(1037, [1, -2, 0.5], [1, 3, 0.5], [2, -1, 0.25], 1.5, 0.3, 5);
        var steps = Steps(LossKind.Squared, LabelEncoding.Regression);
        foreach (var bounds in MemoryPartitions.RandomSplits(table.Count, 4, 3))
        {
            var fused = MemoryPartitions.RunSplit(new MultiLossGradientStep(steps), table, bounds, sparse);
            for (var c = 0; c < steps.Length; c++)
            {
                AssertSame(MemoryPartitions.RunSplit(steps[c], table, bounds, sparse), (LossGradient)fused.Parts[c]);
            }
        }

        var classes = table with { Labels = [.. table.Labels!.Select(y => y > 1 ? 1f : 0f)] };
        var path = sparse ? _files.WriteLibSvm("classes.svm", classes) : _files.WriteCsv("classes.csv", classes);
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);
        foreach (var loss in new[] { LossKind.Logistic, LossKind.Hinge })
        {
            steps = Steps(loss, LabelEncoding.Binary(["0", "1"], 1));
            var fused = await executor.RunAsync(new MultiLossGradientStep(steps), CancellationToken.None);
            for (var c = 0; c < steps.Length; c++)
            {
                AssertSame(await executor.RunAsync(steps[c], CancellationToken.None), (LossGradient)fused.Parts[c]);
            }
        }
    }

    private static LossGradientStep[] Steps(LossKind loss, LabelEncoding encoding) =>
        [.. Enumerable.Range(0, 5).Select(c => new LossGradientStep([0.1 * c, -0.2, 0.3 + c, -0.05 * c], 3, loss, encoding))];

    private static void AssertSame(LossGradient alone, LossGradient part)
    {
        Assert.Equal(alone.Count, part.Count);
        Assert.Equal(alone.Losses, part.Losses);
        Assert.Equal(alone.Gradient, part.Gradient);
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs)]
    [InlineData(LinearSolver.GradientDescent)]
    public async Task Logistic_regressions_for_several_lambdas_in_lockstep_are_bit_identical_to_each_alone(LinearSolver solver)
    {
        await using var executor = await LoadAsync(Classes(), 3, new LinearModelJob(new LinearModelOptions()));
        var options = Lambdas.Select(l => new LinearModelOptions { Solver = solver, L2 = l, MaximumIterations = 40 }).ToArray();
        var lockstep = new Lockstep(executor, options.Length);
        var shared = await Task.WhenAll(options.Select(async (o, i) =>
        {
            try
            {
                return await new LinearModelTrainer().TrainAsync(lockstep.Lane(i), o, null, TrainerCheckpoints.None, CancellationToken.None);
            }
            finally
            {
                lockstep.Leave(i);
            }
        }));

        for (var i = 0; i < options.Length; i++)
        {
            var alone = await new LinearModelTrainer().TrainAsync(executor, options[i], null, TrainerCheckpoints.None, CancellationToken.None);
            SameModel.Assert(alone, shared[i], $"λ = {Lambdas[i]}");
        }

        Assert.True(lockstep.Passes < lockstep.Requests / 2, $"{lockstep.Passes} passes for {lockstep.Requests} asked");
    }

    [Fact]
    public async Task K_means_for_several_k_in_lockstep_are_bit_identical_to_each_alone()
    {
        var blobs = Generate.Blobs([[0, 0], [5, 5], [0, 6], [7, 0]], 800, 0.6, 3);
        await using var executor = await LoadAsync(blobs, 4, new KMeansJob(new KMeansOptions { NumberOfClusters = 2 }));
        int[] ks = [2, 3, 4, 6];
        var lockstep = new Lockstep(executor, ks.Length);
        var shared = await Task.WhenAll(ks.Select(async (k, i) =>
        {
            try
            {
                return await new KMeansTrainer().TrainAsync(lockstep.Lane(i), new KMeansOptions { NumberOfClusters = k }, null, TrainerCheckpoints.None, CancellationToken.None);
            }
            finally
            {
                lockstep.Leave(i);
            }
        }));

        for (var i = 0; i < ks.Length; i++)
        {
            SameModel.Assert(await new KMeansTrainer().TrainAsync(executor, new KMeansOptions { NumberOfClusters = ks[i] }, null, TrainerCheckpoints.None, CancellationToken.None), shared[i], $"k = {ks[i]}");
        }
    }

    [Theory]
    [InlineData(0.25, 0)]
    [InlineData(0, 4)]
    public async Task A_search_picks_what_a_loop_of_separate_trainings_picks_with_their_bits(double fraction, int folds)
    {
        var prototype = new LinearModelJob(new LinearModelOptions());
        await using var executor = await LoadAsync(Classes(), 5, prototype);
        var candidates = Lambdas.Select(l => new LinearModelJob(new LinearModelOptions { L2 = l, MaximumIterations = 60 })).ToArray();
        var parameters = Lambdas.Select(l => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["l2"] = l.ToString("R", System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        const ulong seed = 17;

        var search = new SearchJob(candidates, parameters, fraction, folds, seed, "log_loss", refit: false);
        var found = ModelFile.FromJson((await search.RunAsync(executor, JobContext.Transient(), CancellationToken.None)).ModelJson, "search");
        var tuning = found.Summary.Tuning!;

        // The brute-force loop: each candidate trained alone on each split and measured on its held-out rows.
        var expected = new double[candidates.Length];
        TrainedModel? bestAlone = null;
        var best = -1;
        for (var c = 0; c < candidates.Length; c++)
        {
            var scores = new List<double>();
            TrainedModel? first = null;
            for (var k = 0; k < Math.Max(folds, 1); k++)
            {
                var (train, held) = folds > 0
                    ? (RowSubset.Fold(seed, k, folds, false), RowSubset.Fold(seed, k, folds, true))
                    : (RowSubset.Training(seed, fraction), RowSubset.Validation(seed, fraction));
                var training = await RowSubsetExecutor.CreateAsync(executor, train, "training", CancellationToken.None);
                var model = ModelFile.FromJson((await candidates[c].RunAsync(training, JobContext.Transient(), CancellationToken.None)).ModelJson, "alone");
                var heldOut = await RowSubsetExecutor.CreateAsync(executor, held, "held out", CancellationToken.None);
                scores.Add(model.Metrics(await heldOut.RunAsync(model.CreateEvaluateStep(heldOut.Dataset.Schema), CancellationToken.None))["log_loss"]);
                first ??= model;
            }

            expected[c] = scores.Average();
            Assert.Equal(expected[c], tuning.Candidates[c].Metrics["log_loss"]); // the same bits, so the same metric
            if (best < 0 || expected[c] < expected[best])
            {
                best = c;
                bestAlone = first;
            }
        }

        Assert.Equal(best, tuning.Best);
        Assert.Equal(((LinearModel)bestAlone!).PackCoefficients(), ((LinearModel)found).PackCoefficients());
        Assert.True(tuning.Passes < tuning.PassesAlone / 2, $"{tuning.Passes} shared passes for {tuning.PassesAlone} alone");
    }

    [Fact]
    public async Task A_search_whose_steps_and_summaries_travel_as_bytes_gives_the_same_model()
    {
        var prototype = new LinearModelJob(new LinearModelOptions());
        await using var executor = await LoadAsync(Classes(), 3, prototype);
        var candidates = Lambdas.Take(3).Select(l => new LinearModelJob(new LinearModelOptions { L2 = l, MaximumIterations = 30 })).ToArray();
        var parameters = Lambdas.Take(3).Select(l => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["l2"] = l.ToString("R", System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        var search = new SearchJob(candidates, parameters, 0.25, 0, 5, null, refit: true);
        var wire = new WireExecutor(executor);

        var local = await search.RunAsync(executor, JobContext.Transient(), CancellationToken.None);
        var remote = await search.RunAsync(wire, JobContext.Transient(), CancellationToken.None);

        SameModel.Assert(ModelFile.FromJson(local.ModelJson, "local"), ModelFile.FromJson(remote.ModelJson, "remote"), "through bytes");
        Assert.True(wire.Steps > 0);
    }

    [Fact]
    public async Task Cross_validation_reports_each_fold_and_refits_on_all_rows()
    {
        var job = new GaussianNaiveBayesJob(new GaussianNaiveBayesOptions());
        await using var executor = await LoadAsync(Classes(), 3, job);
        var cv = new SearchJob([job], [new Dictionary<string, string>()], 0, 5, 3, null, refit: true);
        var model = ModelFile.FromJson((await cv.RunAsync(executor, JobContext.Transient(), CancellationToken.None)).ModelJson, "cv");
        var report = model.Summary.CrossValidation!;
        Assert.Equal(5, report.FoldMetrics.Count);
        Assert.Equal(report.FoldMetrics.Average(m => m["accuracy"]), report.Mean["accuracy"], 12);
        Assert.True(report.StandardDeviation["accuracy"] >= 0);
        Assert.Equal(executor.Dataset.TotalRows, report.FoldMetrics.Sum(m => m["rows"])); // the held-out folds cover every row once
        Assert.Equal(executor.Dataset.TotalRows, model.Summary.Rows); // refit on all rows
        Assert.Null(model.Summary.Tuning);
    }

    [Fact]
    public async Task Every_algorithm_trains_with_rows_held_out_and_labels_both_metrics()
    {
        var classes = Classes();
        var blobs = Generate.Blobs([[0, 0], [5, 5], [0, 6]], 600, 0.6, 3);
        foreach (var (table, job) in new (Table, ITrainingJob)[]
        {
            (blobs, new KMeansJob(new KMeansOptions { NumberOfClusters = 3 })),
            (classes, new LinearModelJob(new LinearModelOptions())),
            (classes with { Labels = [.. classes.Labels!.Select((_, i) => (float)(i % 13))] }, new LinearModelJob(new LinearModelOptions { Loss = LossKind.Squared })),
            (classes, new GaussianNaiveBayesJob(new GaussianNaiveBayesOptions())),
        })
        {
            TrainedModel? first = null;
            foreach (var partitions in new[] { 1, 7 })
            {
                await using var executor = await LoadAsync(table, partitions, job);
                var outcome = await new ValidatedJob(job, 0.2, 42).RunAsync(executor, JobContext.Transient(), CancellationToken.None);
                var model = ModelFile.FromJson(outcome.ModelJson, "validated");
                var validation = model.Summary.Validation!;
                Assert.Equal(executor.Dataset.TotalRows, validation.TrainingRows + validation.ValidationRows);
                Assert.Equal(validation.TrainingRows, model.Summary.Rows);
                Assert.Equal(validation.TrainingRows, model.Summary.TrainingMetrics!["rows"]);
                Assert.Equal(validation.ValidationRows, validation.Metrics["rows"]);
                Assert.Equal(outcome.Metrics, model.Summary.TrainingMetrics);
                if (first is { Summary.Validation: { } before })
                {
                    Assert.Equal(before.TrainingRows, validation.TrainingRows); // the same split under 1 and 7 partitions
                }

                first ??= model;
            }
        }
    }

    private static Table Classes()
    {
        var table = Generate.Regression(1200, [0, 1, -1, 0.5], [1, 2, 1, 0.5], [1.5, -0.5, 0.75, 2], 0.25, 1.5, 11);
        return table with { Labels = [.. table.Labels!.Select(y => y > 0.5 ? 1f : 0f)] };
    }

    private async Task<InMemoryExecutor> LoadAsync(Table table, int partitions, ITrainingJob job)
    {
        var path = _files.WriteCsv($"{Guid.NewGuid():N}.csv", table);
        var data = job.DataFor(new DatasetOptions { Path = path, Label = table.LabelName });
        return await InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(data, partitions), CancellationToken.None);
    }
}
