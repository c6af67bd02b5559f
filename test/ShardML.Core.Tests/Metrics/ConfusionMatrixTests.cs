using ShardML.Core.Metrics;

namespace ShardML.Core.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Accuracy_and_per_class_and_macro_precision_recall_f1_match_a_case_solved_by_hand()
    {
        // actual 0 0 1 1 2 2, predicted 0 1 1 1 2 0 — the values scikit-learn's classification_report gives.
        var matrix = Build(3, (0, 0), (0, 1), (1, 1), (1, 1), (2, 2), (2, 0));

        Assert.Equal(4.0 / 6, matrix.Accuracy, 15);
        Assert.Equal([0.5, 2.0 / 3, 1.0], [matrix.Precision(0), matrix.Precision(1), matrix.Precision(2)]);
        Assert.Equal([0.5, 1.0, 0.5], [matrix.Recall(0), matrix.Recall(1), matrix.Recall(2)]);
        Assert.Equal(0.8, matrix.F1(1), 15);
        Assert.Equal((0.5 + (2.0 / 3) + 1) / 3, matrix.MacroPrecision, 15);
        Assert.Equal(2.0 / 3, matrix.MacroRecall, 15);
        Assert.Equal((0.5 + 0.8 + (2.0 / 3)) / 3, matrix.MacroF1, 15);
        Assert.Equal(new long[] { 1, 1, 0 }, matrix.ToRows()[0]);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_and_f1_zero_not_nan()
    {
        var matrix = Build(2, (0, 0), (1, 0));

        Assert.Equal(0, matrix.Precision(1));
        Assert.Equal(0, matrix.Recall(1));
        Assert.Equal(0, matrix.F1(1));
        Assert.Equal(0.5, matrix.Accuracy);
    }

    [Fact]
    public void Merging_adds_counts_exactly()
    {
        var lower = Build(2, (0, 0), (1, 0));
        var higher = Build(2, (1, 1), (1, 1), (0, 1));

        lower.MergeFrom(higher);

        Assert.Equal(new long[] { 1, 1, 1, 2 }, lower.Counts);
        Assert.Equal(5, lower.Total);
    }

    private static ConfusionMatrix Build(int classes, params (int Actual, int Predicted)[] pairs)
    {
        var matrix = new ConfusionMatrix(classes);
        foreach (var (a, p) in pairs)
        {
            matrix.Add(a, p);
        }

        return matrix;
    }
}
