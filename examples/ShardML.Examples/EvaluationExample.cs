using ShardML.Algorithms.LinearModels;

namespace ShardML.Examples;

/// <summary>docs/LIBRARY.md, "Held-out rows, cross-validation and tuning".</summary>
internal static class EvaluationExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42, new ShardMLContextOptions { Partitions = 4 });
        var churn = ml.Data.FromCsv("samples/churn.csv", label: "churned");

        // A fifth of the rows held out: the model says how it did on them and on the rows it trained on
        var model = await ml.LogisticRegression().WithValidationFraction(0.2).TrainAsync(churn);
        Console.WriteLine($"accuracy {model.Summary.TrainingMetrics!["accuracy"]:F3} (training rows), {model.Summary.Validation!.Metrics["accuracy"]:F3} (validation rows)");

        // 5-fold cross-validation: the folds' trainings share every pass over the data
        var cv = await ml.LogisticRegression().CrossValidateAsync(churn, folds: 5);
        Console.WriteLine($"accuracy {cv.Mean["accuracy"]:F3} ± {cv.StandardDeviation["accuracy"]:F3} over 5 folds");

        // λ₂ by held-out log loss; the best is trained again on all rows and carries the whole table
        double[] lambdas = [1e-4, 1e-2, 1.0];
        var candidates = lambdas.ToDictionary(l2 => $"l2={l2}", l2 => ml.LogisticRegression(l2: l2));
        var best = await Tuning.TuneAsync(candidates, churn, new TuningOptions { Metric = "log_loss" });
        var tuning = best.Summary.Tuning!;
        Console.WriteLine($"best {tuning.Candidates[tuning.Best].Parameters["candidate"]}: log loss {tuning.Candidates[tuning.Best].Metrics["log_loss"]:F4}");
    }
}
