using System.Globalization;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Classification;

public sealed class LabelSanityTests : IDisposable
{
    private readonly DataDirectory _files = new();

    /// <summary>200 rows whose label is a price: 200 distinct numbers.</summary>
    private string Prices() => _files.Write(
        "prices.csv",
        "size,rooms,price\n" + string.Concat(Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i % 17},{i % 5},{1000 + (i * 37 % 200) * 12.5}\n"))));

    [Fact]
    public async Task A_numeric_label_with_many_values_is_refused_as_a_quantity_with_the_regression_to_use()
    {
        var path = Prices();
        await using var executor = await Load(path, 3);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs()));

        Assert.Equal(path, error.FilePath);
        Assert.True(error.Line > 1 && error.Column == 3, error.Message);
        Assert.Contains("the label 'price' takes 200 numeric values over 200 rows: it measures a quantity rather than naming classes", error.Message, StringComparison.Ordinal);
        Assert.Contains("shardml train linreg", error.Message, StringComparison.Ordinal);
        Assert.Contains("`Classes`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naive_bayes_refuses_it_too()
    {
        await using var executor = await Load(Prices(), 2);

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            new GaussianNaiveBayesTrainer().TrainAsync(executor, new GaussianNaiveBayesOptions(), null, CancellationToken.None));

        Assert.Contains("it measures a quantity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declared_classes_are_the_models_and_a_label_outside_them_is_an_error_at_its_row()
    {
        var path = _files.Write("digits.csv", "x,d\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i % 7},{i % 12}\n")));
        string[] twelve = [.. Enumerable.Range(0, 12).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        await using var refused = await Load(path, 2);
        await using var declared = await Load(path, 2, twelve);
        await using var fewer = await Load(path, 2, twelve[..11]);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ClassificationData.TrainAsync(refused, LogisticRegressionTests.Lbfgs() with { MaximumIterations = 2 }));
        var model = await ClassificationData.TrainAsync(declared, LogisticRegressionTests.Lbfgs() with { MaximumIterations = 2 });
        var outside = await Assert.ThrowsAsync<DataFormatException>(() => ClassificationData.TrainAsync(fewer, LogisticRegressionTests.Lbfgs() with { MaximumIterations = 2 }));

        Assert.Contains("12 numeric values over 60 rows", error.Message, StringComparison.Ordinal); // more than 10, fewer than 20 rows each
        Assert.Equal(twelve, model.Classes);
        Assert.Equal((13L, 2), (outside.Line, outside.Column));
        Assert.Contains("the label '11' is not one of the declared classes (`Classes`)", outside.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_digits_over_a_hundred_rows_are_classes()
    {
        var path = _files.Write("ten.csv", "x,d\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"{i % 7},{i % 10}\n")));
        await using var executor = await Load(path, 2);

        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { MaximumIterations = 2 });

        Assert.Equal(10, model.Classes!.Length);
    }

    public void Dispose() => _files.Dispose();

    private static Task<InMemoryExecutor> Load(string path, int partitions, string[]? classes = null) =>
        InMemoryExecutor.LoadAsync(DatasetPlanner.Plan(new DatasetOptions { Path = path, CategoricalLabel = true, Classes = classes }, partitions), CancellationToken.None);
}
