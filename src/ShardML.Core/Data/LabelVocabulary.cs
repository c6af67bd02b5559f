namespace ShardML.Core.Data;

/// <summary>
/// The distinct labels of one partition in the order they first appear, and where each first appears. In
/// categorical mode a row's float label is its code here (0, 1, …), so a step maps the partition's few codes to
/// the job's global classes once, then reads one small array per row.
/// </summary>
/// <param name="Names">Label text by local code: CSV's trimmed text; LibSVM's number in its shortest round-trip form.</param>
/// <param name="FirstLines">By code, the 1-based line within the partition's byte range where the label first appears (a <c>.shard</c> file: the 1-based row within the partition; Parquet: the 1-based row within its file).</param>
/// <param name="FirstColumns">By code, the 1-based column of that first appearance (CSV field; LibSVM character).</param>
public sealed record LabelVocabulary(string[] Names, long[] FirstLines, int[] FirstColumns)
{
    /// <summary>More distinct labels than this in one partition is refused: the label is almost surely not a class.</summary>
    public const int MaximumCount = 1 << 16;

    public int Count => Names.Length;

    /// <summary>Parquet: by code, the index among the source's <see cref="PartitionSource.Files"/> of the file of that first appearance.</summary>
    public int[]? FirstFiles { get; init; }

    /// <summary>Where the label with local <paramref name="code"/> first appears in the partition read from <paramref name="source"/>.</summary>
    public LabelSite SiteOf(int code, PartitionSource source) => source.Schema.Format switch
    {
        DataFormat.Shard => new(source.Path, 0, source.Start + FirstLines[code], 0), // a .shard partition's range counts rows: the site is the row in the file
        DataFormat.Parquet => new(source.Files![FirstFiles![code]].Path, 0, FirstLines[code], FirstColumns[code]), // the row counted over its file
        _ => new(source.Path, source.Start, FirstLines[code], FirstColumns[code]),
    };
}
