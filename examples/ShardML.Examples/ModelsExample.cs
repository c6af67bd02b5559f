using ShardML.Algorithms.Export.Onnx;

namespace ShardML.Examples;

/// <summary>docs/MODELS.md, "From the library".</summary>
internal static class ModelsExample
{
    public static async Task RunAsync()
    {
        await using var ml = await ShardMLContext.StartEmbeddedAsync(seed: 42);
        var churn = ml.Data.FromCsv("samples/churn.csv", label: "churned");
        var model = await ml.LogisticRegression(standardize: true).TrainAsync(churn);

        // What the model holds: weights by feature name, largest first
        var description = model.Describe();
        foreach (var weight in description.Outputs![0].Weights)
        {
            Console.WriteLine($"{weight.Feature}: {weight.Weight:G4} ({weight.Standardized:G4} per standard deviation)");
        }

        // ONNX, standardization included, for ONNX Runtime or ML.NET
        var path = Path.Combine(Path.GetTempPath(), "churn.onnx");
        await using (var file = File.Create(path))
        {
            OnnxExport.Write(model, file);
        }

        // The numbers behind the plots: here the ROC curve, from one distributed pass
        var diagnostics = await ml.DiagnoseAsync(model, churn);
        var curves = diagnostics.Curves!;
        Console.WriteLine($"{curves.Thresholds.Length} ROC points; average precision {curves.AveragePrecision:F3}");
        File.Delete(path);
    }
}
