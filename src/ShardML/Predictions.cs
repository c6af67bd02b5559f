using ShardML.Algorithms.Models;

namespace ShardML;

/// <summary>
/// A model's predictions for every row of a dataset, in input order: what <c>shardml predict</c> writes. The raw value
/// of each row (a cluster, a class index, a regression value) and its fields as text, as the model presents them.
/// </summary>
public sealed class Predictions
{
    private readonly TrainedModel _model;
    private readonly PredictionSummary _summary;

    internal Predictions(TrainedModel model, PredictionSummary summary)
    {
        _model = model;
        _summary = summary;
    }

    /// <summary>The columns of a row: the prediction, then scores such as class probabilities.</summary>
    public IReadOnlyList<string> Columns => _model.PredictionColumns;

    public int Count => _summary.Values.Length;

    /// <summary>Row <paramref name="row"/>'s prediction as a number: the value, the cluster, or the class index.</summary>
    public float Value(int row) => _summary.Values[row];

    /// <summary>Row <paramref name="row"/>'s fields as text, one per <see cref="Columns"/> (a class by its name).</summary>
    public string[] Fields(int row)
    {
        var fields = new string[Columns.Count];
        _model.FormatPrediction(_summary, row, fields);
        return fields;
    }
}
