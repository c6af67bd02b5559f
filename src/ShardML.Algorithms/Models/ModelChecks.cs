namespace ShardML.Algorithms.Models;

/// <summary>Shape and value checks a model read from a file must pass before it scores anything (<see cref="TrainedModel.Problem"/>).</summary>
internal static class ModelChecks
{
    /// <summary>The first problem with a vector that must hold <paramref name="length"/> finite values, or null.</summary>
    public static string? Vector(string what, double[]? values, int length)
    {
        if (values is null)
        {
            return $"{what} are missing";
        }

        if (values.Length != length)
        {
            return $"{what} have {values.Length} values for {length} expected";
        }

        return Array.TrueForAll(values, double.IsFinite) ? null : $"{what} hold a value that is not finite";
    }

    /// <summary>The same for float values.</summary>
    public static string? Vector(string what, float[]? values, int length) =>
        Vector(what, values is null ? null : Array.ConvertAll(values, v => (double)v), length);

    /// <summary>The first problem with a standardization of <paramref name="dimension"/> features, or null.</summary>
    public static string? Scaling(LinearModels.FeatureScaling? scaling, int dimension)
    {
        if (scaling is null)
        {
            return null;
        }

        return Vector("the standardization means", scaling.Mean, dimension)
            ?? Vector("the standardization scales", scaling.Scale, dimension)
            ?? (Array.TrueForAll(scaling.Scale, s => s > 0) ? null : "a standardization scale is not positive");
    }
}
