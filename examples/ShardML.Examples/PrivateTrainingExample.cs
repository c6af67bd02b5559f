using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Privacy;
using ShardML.Runtime.Jobs;

namespace ShardML.Examples;

/// <summary>docs/PRIVACY.md, "Private training", and docs/FAULT-TOLERANCE.md's checkpoint settings.</summary>
internal static class PrivateTrainingExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);

        // DP-SGD: ε = 1, δ = 1e-5 for each of the 4,000 rows; standardized by public bounds, never the data's own statistics
        var churnBounds = new FeatureBounds(["tenure_months", "monthly_charges", "support_calls", "contract_years"], [0, 0, 0, 0], [72, 150, 20, 3]);
        var privateChurn = await ml.LogisticRegression(new LinearModelOptions
        {
            Standardize = true,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1, Delta = 1e-5, ClipNorm = 1, Bounds = churnBounds },
        }).TrainAsync(ml.Data.FromCsv("samples/churn.csv", label: "churned"));
        Console.WriteLine(privateChurn.Summary.Privacy!.Describe());

        // AdaSSP: least squares from noisy moments, rows and labels clipped to public bounds
        var housingBounds = new FeatureBounds(["area", "age", "rooms", "inv_distance"], [0, 0, 0, 0], [5, 100, 10, 2]);
        var privateHousing = await ml.LinearRegression(new LinearModelOptions
        {
            Loss = LossKind.Squared,
            Solver = LinearSolver.NormalEquations,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1, Bounds = housingBounds, LabelBounds = [0, 800] },
        }).TrainAsync(ml.Data.FromCsv("samples/housing.csv"));
        Console.WriteLine(privateHousing.Summary.Privacy!.Describe());

        // DP-Lloyd: 5 iterations fixed up front, ε/5 each, from centers drawn in the public bounds
        var blobBounds = new FeatureBounds(["x1", "x2", "x3"], [-15, -15, -15], [15, 15, 15]);
        var privateBlobs = await ml.KMeans(new KMeansOptions
        {
            NumberOfClusters = 4,
            MaximumIterations = 5,
            Initialization = KMeansInitialization.Random,
            Privacy = new DifferentialPrivacyOptions { Epsilon = 1, Bounds = blobBounds },
        }).TrainAsync(ml.Data.FromCsv("samples/blobs.csv", label: "species"));
        Console.WriteLine(privateBlobs.Summary.Privacy!.Describe());

        await CheckpointSettingsAsync();
    }

    private static async Task CheckpointSettingsAsync()
    {
        // Checkpoints every 10 s of training instead of the default 30 s; CheckpointInterval = N saves every N iterations instead
        var options = new ShardMLContextOptions { Jobs = new JobSettings { CheckpointPeriod = TimeSpan.FromSeconds(10) } };
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42, options);
        var model = await ml.LinearRegression(standardize: true).TrainAsync(ml.Data.FromCsv("samples/housing.csv"));
        Console.WriteLine($"{model.Summary.Iterations} iteration(s): a job this short writes no checkpoint");
    }
}
