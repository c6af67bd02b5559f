using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;

namespace ShardML.Tests;

/// <summary>Data with text, gaps and ids through the library: the catalog's preparation, kept columns, single rows through the model's pipeline.</summary>
public sealed class PreparationTests(ContextFixture context) : IClassFixture<ContextFixture>, IDisposable
{
    private static readonly string[] Plans = ["basic", "plus", "max"];

    private readonly Samples _samples = new();

    private ShardMLContext Ml => context.Ml;

    private string Customers(int rows = 600) => new ParquetTable()
        .Add("customer", Enumerable.Range(0, rows).Select(i => 40_000L + i).ToArray())
        .AddText("plan", [.. Enumerable.Range(0, rows).Select(i => Plans[i % 3])])
        .AddNullable("tenure", [.. Enumerable.Range(0, rows).Select(i => i % 8 == 3 ? (double?)null : i % 24)])
        .AddText("churned", [.. Enumerable.Range(0, rows).Select(i => (i % 3 == 0) ^ (i % 24 < 6) ? "yes" : "no")])
        .Write(_samples.In("customers.parquet"), rowsPerGroup: 100);

    [Fact]
    public async Task A_classifier_trains_on_text_and_nulls_predicts_with_kept_ids_and_encodes_a_single_row()
    {
        var path = Customers();
        var data = Ml.Data.FromParquet(path, label: "churned", ignore: ["customer"], preparation: new DataPreparation { Missing = MissingValues.Median });

        var model = await Ml.LogisticRegression().TrainAsync(data);
        var predictions = await Ml.PredictAsync(model, Ml.Data.FromParquet(path).Keeping("customer"));

        Assert.Equal(["plan=basic", "plan=max", "plan=plus", "plan=<other>", "tenure"], model.FeatureNames);
        Assert.Equal(MissingValues.Median, model.Preprocessing!.Missing);
        Assert.Equal(["customer"], predictions.KeptColumns);
        Assert.Equal(600, predictions.Count);
        Assert.Equal(["40007"], predictions.Kept(7));
        var row = model.Preprocessing.Encode(["basic", null]);
        Assert.Equal(predictions.Fields(3)[0], model.Predict(row).Label); // row 3: plan basic, tenure null (the median)
    }

    [Fact]
    public async Task Declared_classes_come_through_the_catalog()
    {
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i % 7},{i % 60}\n"));
        var path = _samples.Write("sixty.csv", "x,code\n" + text);

        var refused = await Assert.ThrowsAsync<DataFormatException>(() => Ml.LogisticRegression().TrainAsync(Ml.Data.FromCsv(path)));
        var declared = Ml.Data.FromCsv(path, preparation: new DataPreparation { Classes = [.. Enumerable.Range(0, 60).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))] });

        Assert.Contains("`Classes`", refused.Message, StringComparison.Ordinal);
        Assert.Equal(60, declared.Options.Classes!.Count);
    }

    public void Dispose() => _samples.Dispose();
}
