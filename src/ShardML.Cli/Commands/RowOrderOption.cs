using ShardML.Algorithms.LinearModels;

namespace ShardML.Cli.Commands;

/// <summary>The command-line names of <see cref="RowOrder"/>, for <c>train … --row-order</c> and <c>bench --sgd-row-order</c>.</summary>
internal static class RowOrderOption
{
    /// <summary><paramref name="value"/> as a row order; null gives <see cref="RowOrder.Uniform"/>; anything else is a usage error naming <paramref name="option"/>.</summary>
    public static RowOrder Parse(string? value, string option) =>
        value is null ? RowOrder.Uniform : Choice.Parse(value, option, ("uniform", RowOrder.Uniform), ("shuffled-blocks", RowOrder.ShuffledBlocks));
}
