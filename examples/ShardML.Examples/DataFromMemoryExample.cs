namespace ShardML.Examples;

/// <summary>docs/LIBRARY.md, "Data from memory".</summary>
internal static class DataFromMemoryExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 7);

        float[][] rows = [[1f, 2f], [2f, 1f], [3f, 5f], [4f, 3f], [5f, 8f], [6f, 4f]];
        float[] prices = [7f, 6f, 15f, 12f, 23f, 16f];
        var regression = await ml.LinearRegression().TrainAsync(ml.Data.FromArrays(rows, prices, featureNames: ["rooms", "age"]));
        Console.WriteLine($"price = {regression.Coefficients[0]:F2}·rooms + {regression.Coefficients[1]:F2}·age + {regression.Intercept:F2}");

        var flowers = new[] { new Flower(1.4f, 0.2f, "setosa"), new Flower(1.3f, 0.3f, "setosa"), new Flower(5.8f, 2.1f, "virginica"), new Flower(6.1f, 1.9f, "virginica") };
        var bayes = await ml.NaiveBayes().TrainAsync(ml.Data.FromEnumerable(flowers, label: nameof(Flower.Species)));
        Console.WriteLine(bayes.Predict([5.5f, 2.0f]).Label);
    }

    internal sealed record Flower(float PetalLength, float PetalWidth, string Species);
}
