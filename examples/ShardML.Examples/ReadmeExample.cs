using ShardML;

namespace ShardML.Examples;

/// <summary>README.md, "The library".</summary>
internal static class ReadmeExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);

        var kmeans = await ml.KMeans(4).TrainAsync(ml.Data.FromCsv("samples/blobs.csv", label: "species"));
        Console.WriteLine(kmeans.Predict([1.5f, -0.5f, 2.0f]).Cluster);

        var churn = await ml.LogisticRegression(standardize: true).TrainAsync(ml.Data.FromCsv("samples/churn.csv", label: "churned"));
        var answer = churn.Predict([24f, 70.5f, 3f, 1f]);
        Console.WriteLine($"{answer.Label}: {answer.Probabilities![answer.ClassIndex]:F3}");
    }
}
