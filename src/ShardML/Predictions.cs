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
    private readonly List<string>[] _kept;

    internal Predictions(TrainedModel model, PredictionSummary summary, IReadOnlyList<string>? keptColumns = null, List<string>[]? kept = null)
    {
        _model = model;
        _summary = summary;
        KeptColumns = keptColumns ?? [];
        _kept = kept ?? [];
    }

    /// <summary>The columns the data kept with each row (<see cref="DataSource.Keeping"/>), in order; empty when none.</summary>
    public IReadOnlyList<string> KeptColumns { get; }

    /// <summary>Row <paramref name="row"/>'s kept values as text, one per <see cref="KeptColumns"/>.</summary>
    public string[] Kept(int row) => [.. _kept.Select(column => column[row])];

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
