namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Where a reader puts a row's input values, column by column in order, when the schema preprocesses: the encoder of
/// a learned pipeline (<see cref="PipelineRows"/>) or the profiler that learns one (<see cref="ProfileBuilder"/>). Each
/// method returns null, or the problem the reader reports at the value's file, line and column.
/// </summary>
internal interface IRowSink
{
    /// <summary>What each input column holds: a number to parse, or text to take as it is.</summary>
    ColumnKind[] Kinds { get; }

    /// <summary>True when a row with a missing value is dropped: the reader skips it before giving any of its values.</summary>
    bool DropsRows { get; }

    string? Number(int column, float value);

    string? Text(int column, ReadOnlySpan<char> text);

    /// <param name="column">The input column.</param>
    /// <param name="what">How the missing value was written, for a message: <c>empty</c>, <c>'NA'</c>, <c>null</c>.</param>
    string? Missing(int column, string what);

    void EndRow();
}
