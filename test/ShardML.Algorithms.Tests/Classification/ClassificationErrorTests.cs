using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Tests.LinearModels;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;

namespace ShardML.Algorithms.Tests.Classification;

public sealed class ClassificationErrorTests : IDisposable
{
    private readonly DataDirectory _files = new();

    [Fact]
    public async Task A_third_class_in_a_binary_problem_is_an_error_at_the_row_where_it_first_appears()
    {
        var rows = Enumerable.Range(0, 90).Select(i => i switch
        {
            71 => $"{i},0.5,ham",
            > 71 when i % 5 == 0 => $"{i},0.5,ham",
            _ => $"{i},{i % 3},{(i % 2 == 0 ? "spam" : "eggs")}",
        });
        var path = _files.Write("food.csv", "a,b,kind\n" + string.Join('\n', rows) + "\n");
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { Binary = true }));

        Assert.Equal((73L, 3), (error.Line, error.Column)); // header is line 1, row i is line i + 2
        Assert.StartsWith($"{path}:73:3: a third class 'ham' in a binary problem; the classes before it are 'spam' and 'eggs'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_binary_mode_a_third_class_makes_a_one_vs_rest_model()
    {
        var path = _files.Write("food.csv", "a,kind\n1,spam\n2,eggs\n3,ham\n4,spam\n5,eggs\n6,ham\n");
        await using var executor = await DataDirectory.LoadAsync(path, 2, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { MaximumIterations = 3 });

        Assert.Equal(["eggs", "ham", "spam"], model.Classes!);
        Assert.Equal(3, model.Weights.Length);
    }

    [Fact]
    public async Task A_missing_label_is_an_error_naming_file_line_and_column()
    {
        var path = _files.Write("holes.csv", "a,b,kind\n1,2,spam\n3,4,\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataDirectory.LoadAsync(path, 1, categorical: true));

        Assert.StartsWith($"{path}:3:3: missing label 'kind'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_class_is_refused()
    {
        var path = _files.Write("one.csv", "a,kind\n1,spam\n2,spam\n");
        await using var executor = await DataDirectory.LoadAsync(path, 1, categorical: true);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs()));

        Assert.Contains("every row has the label 'spam'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_distinct_labels_are_refused_at_the_first_one_too_many()
    {
        var path = _files.Write("many.csv", "a,kind\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i},c{i}\n")));
        await using var executor = await DataDirectory.LoadAsync(path, 3, categorical: true);

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { MaximumClasses = 10 }));

        Assert.Equal(12, error.Line);
        Assert.Contains("'c10' is class number 11; at most 10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+1", "1")]
    [InlineData("1.0", "1")]
    [InlineData("-1", "-1")]
    public async Task The_positive_class_can_be_named_and_numbers_match_by_value(string named, string expected)
    {
        var path = _files.WriteLibSvm("signed.svm", ClassificationData.Signed(ClassificationData.Noisy(rows: 300)));
        await using var executor = await DataDirectory.LoadAsync(path, 2, categorical: true);

        var model = await ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { PositiveClass = named });

        Assert.Equal(["-1", "1"], model.Classes!);
        Assert.Equal(expected, model.Classes![model.PositiveClass]);
    }

    [Fact]
    public async Task A_positive_class_that_is_not_a_class_is_refused()
    {
        var path = _files.WriteLibSvm("signed.svm", ClassificationData.Signed(ClassificationData.Noisy(rows: 100)));
        await using var executor = await DataDirectory.LoadAsync(path, 1, categorical: true);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ClassificationData.TrainAsync(executor, LogisticRegressionTests.Lbfgs() with { PositiveClass = "yes" }));

        Assert.Contains("'yes' is not one of the classes '-1' and '1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluating_data_with_a_label_the_model_never_saw_names_the_row()
    {
        var train = _files.Write("train.csv", "a,kind\n1,spam\n-1,eggs\n2,spam\n-2,eggs\n");
        var test = _files.Write("test.csv", "a,kind\n1,spam\n-1,eggs\n3,ham\n");
        await using var training = await DataDirectory.LoadAsync(train, 1, categorical: true);
        var model = await ClassificationData.TrainAsync(training, LogisticRegressionTests.Lbfgs());
        await using var testing = await DataDirectory.LoadAsync(test, 2, categorical: true);

        var error = await Assert.ThrowsAsync<DataFormatException>(() => testing.RunAsync(model.CreateEvaluateStep(testing.Dataset.Schema), CancellationToken.None));

        Assert.StartsWith($"{test}:4:2: label 'ham' is not one of the model's classes 'eggs', 'spam'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LossKind.Logistic, false, "CategoricalLabel = true")]
    [InlineData(LossKind.Squared, true, "numeric label")]
    public async Task The_label_mode_must_fit_the_loss(LossKind loss, bool categorical, string problem)
    {
        var path = _files.Write("d.csv", "a,y\n1,1\n2,0\n");
        await using var executor = await DataDirectory.LoadAsync(path, 1, categorical: categorical);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ClassificationData.TrainAsync(executor, new LinearModelOptions { Loss = loss }));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LinearSolver.Lbfgs, LossKind.Hinge, 0.0, "differentiable")]
    [InlineData(LinearSolver.Cocoa, LossKind.Logistic, 0.0, "hinge loss")]
    [InlineData(LinearSolver.Cocoa, LossKind.Hinge, 0.1, "L2 penalty only")]
    public void Solver_and_loss_combinations_that_cannot_work_are_refused_before_any_pass(LinearSolver solver, LossKind loss, double l1, string problem)
    {
        var options = new LinearModelOptions { Solver = solver, Loss = loss, L1 = l1 };

        Assert.Contains(problem, options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_size_that_would_flip_the_weights_is_refused() =>
        Assert.Contains("below 1", new LinearModelOptions { Solver = LinearSolver.LocalSgd, LearningRate = 10, L2 = 0.2 }.Validate(), StringComparison.Ordinal);

    public void Dispose() => _files.Dispose();
}
