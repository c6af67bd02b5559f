using ShardML.Core.Data.Preprocessing;

namespace ShardML.Examples;

/// <summary>docs/DATA.md, the library's data preparation.</summary>
internal static class DataPreparationExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);

        // A warehouse export: an id to keep out, text columns to one-hot, a tenure with gaps to fill with its median
        var preparation = new DataPreparation { Missing = MissingValues.Median, MaximumCategories = 50 };
        var data = ml.Data.FromCsv("samples/customers.csv", label: "churned", ignore: ["customer_id"], preparation: preparation);
        var model = await ml.LogisticRegression(standardize: true).TrainAsync(data);

        // Predictions keep the id, so they join back to the customers
        var predictions = await ml.PredictAsync(model, ml.Data.FromCsv("samples/customers.csv", preparation: preparation).Keeping("customer_id"));
        Console.WriteLine($"{predictions.Kept(0)[0]}: {predictions.Fields(0)[0]} ({string.Join(", ", model.FeatureNames.Take(4))}, …)");
    }
}
