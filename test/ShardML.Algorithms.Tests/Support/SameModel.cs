using ShardML.Algorithms.Models;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>What "the same model" means for two training runs: every property to the bit, but for the wall-clock time.</summary>
public static class SameModel
{
    public static void Assert(TrainedModel expected, TrainedModel actual, string what) =>
        Structural.AssertEqual(WithoutTime(expected), WithoutTime(actual), what);

    private static TrainedModel WithoutTime(TrainedModel model) => model with { Summary = model.Summary with { Seconds = 0 } };
}
