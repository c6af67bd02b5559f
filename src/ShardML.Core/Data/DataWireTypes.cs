namespace ShardML.Core.Data;

/// <summary>
/// The steps and summaries of data itself, which any host's wire registry allows beside its algorithms': learning a
/// dataset's preprocessing (<see cref="Preprocessing.DatasetPreparation"/>) and collecting kept columns.
/// </summary>
public static class DataWireTypes
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(Preprocessing.ColumnProfileStep), typeof(Preprocessing.ColumnProfiles),
        typeof(KeptColumnsStep), typeof(KeptColumns),
    ];
}
