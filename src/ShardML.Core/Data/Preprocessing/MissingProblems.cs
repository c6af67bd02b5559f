namespace ShardML.Core.Data.Preprocessing;

/// <summary>What a missing value that is not filled is told as: in training, the option that fills it; for a model, what it was trained with.</summary>
internal static class MissingProblems
{
    public static string Of(string column, string what, MissingValues? trainedWith) => trainedWith is { } policy
        ? $"column '{column}': a missing value ({what}), and the model has none to fill in (it was trained with `Missing` = {Name(policy)}; prediction writes a line for every row): fill it, or train with `Missing` = mean, median or most-frequent"
        : $"column '{column}': a missing value ({what}); fill missing values with `Missing` = mean, median or most-frequent, or drop their rows with `Missing` = drop";

    /// <summary>A policy as the options spell it.</summary>
    public static string Name(MissingValues policy) => policy switch
    {
        MissingValues.MostFrequent => "most-frequent",
        _ => policy.ToString().ToLowerInvariant(),
    };
}
