namespace ShardML.Examples;

/// <summary>docs/LIBRARY.md, "Train and predict".</summary>
internal static class TrainAndPredictExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);

        // K-means on a CSV whose 'species' column is ground truth (kept out of the features)
        var blobs = ml.Data.FromCsv("samples/blobs.csv", label: "species");
        var kmeans = await ml.KMeans(4).TrainAsync(blobs);
        var nearest = kmeans.Predict([1.5f, -0.5f, 2.0f]);
        Console.WriteLine($"cluster {nearest.Cluster} at distance {nearest.Distance:F3}");

        // A classifier gives the class by name and every class's probability
        var churn = await ml.LogisticRegression(standardize: true).TrainAsync(ml.Data.FromCsv("samples/churn.csv", label: "churned"));
        var answer = churn.Predict([24f, 70.5f, 3f, 1f]);
        Console.WriteLine($"{answer.Label} with probability {answer.Probabilities![answer.ClassIndex]:F3}");
    }
}
