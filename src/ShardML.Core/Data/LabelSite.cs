using MemoryPack;

namespace ShardML.Core.Data;

/// <summary>
/// A row of a file named without counting lines first: the byte offset of its partition's range and its line
/// within that range. Steps return sites cheaply; only when a site becomes an error is the absolute line counted
/// (a scan of the file up to the range), so the happy path never pays for it.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="RangeStart">First byte of the partition's range (a line start).</param>
/// <param name="LineInRange">1-based line within the range.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
[MemoryPackable]
public sealed partial record LabelSite(string Path, long RangeStart, long LineInRange, int Column)
{
    /// <summary>A <see cref="DataFormatException"/> at this site, with the line counted from the start of the file.</summary>
    public DataFormatException Error(string problem)
    {
        var linesBefore = File.Exists(Path) ? InputSplitter.CountLinesBefore(Path, RangeStart) : 0;
        return new DataFormatException(Path, linesBefore + LineInRange, Column, problem);
    }
}
