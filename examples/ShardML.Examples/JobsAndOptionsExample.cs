using ShardML.Algorithms.LinearModels;
using ShardML.Core.Execution;

namespace ShardML.Examples;

/// <summary>docs/LIBRARY.md, "Jobs that outlive the caller, and options".</summary>
internal static class JobsAndOptionsExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42, new ShardMLContextOptions { Partitions = 4 });
        var housing = ml.Data.FromCsv("samples/housing.csv");

        // Every option, through the options record; progress once per pass the job reports
        var options = new LinearModelOptions { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, Standardize = true, LearningRate = 0.5 };
        var progress = new Progress<TrainingProgress>(p => Console.WriteLine($"{p.Phase} {p.Iteration}: loss {p.Loss:G6}"));
        var job = await ml.LinearRegression(options).SubmitAsync(housing, jobId: "housing-gd");
        var model = await job.WaitAsync(progress);
        await job.ForgetAsync();

        var metrics = await ml.EvaluateAsync(model, housing);
        Console.WriteLine($"R² {metrics["r2"]:F4} after {model.Summary.Iterations} iterations");
    }
}
