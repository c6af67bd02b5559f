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

    public override string ToString() => Options.Label is null ? Path : $"{Path} (label '{Options.Label}')";
}
