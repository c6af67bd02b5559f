using ShardML.Core.Data;

namespace ShardML;

/// <summary>
/// A dataset as the library hands it around: where it is and how to read it. An algorithm adds what it needs of the
/// label when it trains (<see cref="Core.Execution.ITrainingJob.DataFor"/>), and a model when it scores
/// (<see cref="Algorithms.Models.TrainedModel.DataFor"/>). Made by the context's data catalog.
/// </summary>
/// <param name="Options">The file, its format and its label.</param>
public sealed record DataSource(DatasetOptions Options)
{
    /// <summary>The file every partition reads.</summary>
    public string Path => Options.Path;

    /// <summary>This data with <paramref name="columns"/> carried through prediction as text (an id, to join predictions back to rows).</summary>
    public DataSource Keeping(params string[] columns) => this with { Options = Options with { Keep = columns } };

    public override string ToString() => Options.Label is null ? Path : $"{Path} (label '{Options.Label}')";
}
