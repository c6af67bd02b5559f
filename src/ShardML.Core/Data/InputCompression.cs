namespace ShardML.Core.Data;

/// <summary>
/// How a text file's bytes are stored. A partition's range always counts bytes of the text itself, so a compressed
/// file is cut at the same lines as its plain copy and gives the same rows.
/// </summary>
public enum InputCompression
{
    /// <summary>The file is the text.</summary>
    None = 0,

    /// <summary>
    /// gzip (RFC 1952), recognised by its magic bytes whatever the file's name; several members one after another (as
    /// <c>cat a.gz b.gz</c> or bgzip write them) are one text.
    /// </summary>
    Gzip = 1,
}
