using ShardML.Core.Data;
using ShardML.Core.Data.Shard;
using ShardML.Core.Tests.Support;

namespace ShardML.Core.Tests.Data;

public sealed class ColumnSelectionTests : IDisposable
{
    private readonly TempFiles _files = new();

    private string Table() => _files.Write("d.csv", "id,a,b,c,y,date\n7,1,2,3,10,2024\n8,4,5,6,20,2025\n");

    [Fact]
    public void Chosen_features_are_read_in_the_order_given_and_the_rest_is_not_read()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = Table(), Features = ["c", "a"], FeatureOrigin = FeatureOrigin.Choice, Label = "y" }, 1);
        var partition = PartitionLoader.Load(plan.Partitions[0]);

        Assert.Equal(["c", "a"], plan.Schema.FeatureNames);
        Assert.Equal(new float[] { 3, 1, 6, 4 }, partition.Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 10, 20 }, partition.Labels);
    }

    [Fact]
    public void Ignored_columns_are_dropped_in_the_file_order_and_the_label_is_the_last_column_left()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = Table(), Ignore = ["id", "date"] }, 1);
        var partition = PartitionLoader.Load(plan.Partitions[0]);

        Assert.Equal(["a", "b", "c"], plan.Schema.FeatureNames);
        Assert.Equal("y", plan.Schema.LabelName);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, partition.Dense!.AllRows.ToArray());
    }

    [Theory]
    [InlineData(new[] { "a", "z" }, null, "feature 'z' is not in the header; columns are 'id', 'a', 'b', 'c', 'y', 'date'")]
    [InlineData(null, new[] { "when" }, "ignored column 'when' is not in the header; columns are 'id', 'a', 'b', 'c', 'y', 'date'")]
    [InlineData(new[] { "a", "y" }, new[] { "date" }, "column 'y' is both the label and a feature")]
    [InlineData(new[] { "a", "b" }, new[] { "b" }, "column 'b' is both a feature and ignored")]
    [InlineData(new[] { "a", "a" }, null, "feature 'a' is named twice")]
    [InlineData(new[] { "a", "date" }, null, "the label is by default the last column, 'date', which is a chosen feature")]
    public void A_wrong_choice_is_a_data_error_naming_the_column(string[]? features, string[]? ignore, string problem)
    {
        var options = new DatasetOptions { Path = Table(), Features = features, FeatureOrigin = FeatureOrigin.Choice, Ignore = ignore, Label = features?.Contains("y") == true ? "y" : null };

        var error = Assert.Throws<DataFormatException>(() => DatasetPlanner.Plan(options, 1));

        Assert.Equal(1, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_features_are_picked_from_a_file_with_extra_columns_and_a_missing_one_is_a_mismatch()
    {
        var model = new DatasetOptions { Path = Table(), Features = ["b", "a"], Label = "y", HasLabel = false };

        var plan = DatasetPlanner.Plan(model, 1);
        var mismatch = Assert.Throws<FeatureMismatchException>(() => DatasetPlanner.Plan(model with { Features = ["a", "wings"] }, 1));

        Assert.Equal(["b", "a"], plan.Schema.FeatureNames);
        Assert.False(plan.Schema.HasLabel);
        Assert.Equal(new float[] { 2, 1, 5, 4 }, PartitionLoader.Load(plan.Partitions[0]).Dense!.AllRows.ToArray());
        Assert.Contains("the model's features 'wings' are not in this file's header; its columns are 'id'", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_files_columns_are_chosen_the_same_way()
    {
        var csv = Table();
        var shard = _files.PathOf("d.shard");
        await ShardFileConverter.ConvertAsync(new DatasetOptions { Path = csv, Label = "y" }, shard, 1, CancellationToken.None);

        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = shard, Ignore = ["id", "date"] }, 1);
        var chosen = DatasetPlanner.Plan(new DatasetOptions { Path = shard, Features = ["c", "a"], FeatureOrigin = FeatureOrigin.Choice }, 1);

        Assert.Equal(["a", "b", "c"], plan.Schema.FeatureNames);
        Assert.Equal("y", plan.Schema.LabelName);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, PartitionLoader.Load(plan.Partitions[0]).Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 3, 1, 6, 4 }, PartitionLoader.Load(chosen.Partitions[0]).Dense!.AllRows.ToArray());
        Assert.Equal(new float[] { 10, 20 }, PartitionLoader.Load(chosen.Partitions[0]).Labels);
    }

    [Fact]
    public void Choosing_columns_of_libsvm_data_is_refused_but_a_libsvm_models_features_are_accepted()
    {
        var path = _files.Write("d.svm", "1 1:2 2:3\n");

        var chosen = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, Features = ["f2"], FeatureOrigin = FeatureOrigin.Choice }, 1));
        var ignored = Assert.Throws<ArgumentException>(() => DatasetPlanner.Plan(new DatasetOptions { Path = path, Ignore = ["f1"] }, 1));
        var model = DatasetPlanner.Plan(new DatasetOptions { Path = path, Features = ["f1", "f2"] }, 1);

        Assert.Contains("LibSVM features are numbered, not named", chosen.Message, StringComparison.Ordinal);
        Assert.Contains("LibSVM features are numbered, not named", ignored.Message, StringComparison.Ordinal);
        Assert.Equal(2, model.Schema.FeatureCount);
    }

    public void Dispose() => _files.Dispose();
}
