namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// A dataset held by a test: float features (exactly what the engine reads back from the files written from it)
/// and optional labels. References in the tests compute from these floats, widened to double.
/// </summary>
/// <param name="FeatureNames">One name per feature.</param>
/// <param name="Rows">The rows, each with one value per feature.</param>
/// <param name="Labels">One label per row, or null.</param>
/// <param name="LabelName">The label column's name in CSV files.</param>
public sealed record Table(string[] FeatureNames, float[][] Rows, float[]? Labels, string LabelName = "y")
{
    public int Count => Rows.Length;

    public int Dimension => FeatureNames.Length;

    public static string[] Names(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
