using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShardML.Core.Data.Shard;

/// <summary>
/// The binary partition file (<c>.shard</c>, written by <c>shardml convert</c>): dense float32 rows laid out so a
/// partition is read straight into its arrays at page-cache speed, and any node can reload any row range.
/// </summary>
/// <remarks>
/// <para>All integers little-endian. Layout:</para>
/// <code>
/// offset  size  field
///   0      8    magic "SHARDML\0"
///   8      4    version (1)
///  12      4    flags: 1 = labels present, 2 = label vocabulary present
///  16      8    rows
///  24      4    columns (features per row)
///  28      4    rows per checksum block
///  32      8    metadata offset (128, or after the table when it outgrew its room)   40  8  metadata length
///  48      8    features offset (4096-aligned)   56  8  labels offset (4096-aligned; 0 without labels)
///  64      8    checksum table offset            72  8  checksum table length
///  80      8    file length
///  88      8    XxHash3 of the metadata          96  8  XxHash3 of the checksum table
/// 104     16    reserved (0)
/// 120      8    XxHash3 of bytes 0–119
/// 128      …    metadata: UTF-8 JSON {"features": [names], "label": name or null, "labelVocabulary": [names] or null}
/// features      rows × columns float32, row-major
/// labels        rows float32 (class codes when a label vocabulary is present: code i is vocabulary[i])
/// table         per block of "rows per checksum block" rows: XxHash3 of the block's feature bytes, then of its label bytes (0 without labels)
/// [metadata]    here instead of at 128 when the converter's file-wide label vocabulary, known only at the end, did not fit before the features
/// </code>
/// <para>
/// A reader checks the header hash, the file length (a truncated file is an error naming it), the metadata hash, the
/// table hash, and the checksum of every block it reads. Blocks are about 1 MiB of features, so verifying a partition
/// costs one XxHash3 pass (tens of GB/s) over bytes just read. NumPy reads the features with
/// <c>np.memmap(path, '&lt;f4', 'r', offset=features_offset, shape=(rows, columns))</c>.
/// </para>
/// </remarks>
public static class ShardFileLayout
{
    public const int Version = 1;
    public const int HeaderBytes = 128;
    public const int Alignment = 4096;
    public const int FlagLabels = 1;
    public const int FlagVocabulary = 2;

    /// <summary>The most metadata a reader takes: feature names and a label vocabulary, far below this in any real file.</summary>
    public const long MaximumMetadataBytes = 1L << 30;

    /// <summary>"SHARDML\0".</summary>
    public static ReadOnlySpan<byte> Magic => "SHARDML\0"u8;

    /// <summary>Rows per checksum block: about 1 MiB of features.</summary>
    public static int BlockRowsFor(int columns) => Math.Max(1, (1 << 20) / (Math.Max(1, columns) * sizeof(float)));

    public static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    internal static ulong Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);
}

/// <summary>The fixed header of a <c>.shard</c> file (see <see cref="ShardFileLayout"/>).</summary>
public sealed record ShardHeader(
    int Flags,
    long Rows,
    int Columns,
    int BlockRows,
    long MetadataOffset,
    long MetadataLength,
    long FeaturesOffset,
    long LabelsOffset,
    long ChecksumsOffset,
    long ChecksumsLength,
    long FileLength,
    ulong MetadataHash,
    ulong ChecksumsHash)
{
    public bool HasLabels => (Flags & ShardFileLayout.FlagLabels) != 0;

    public long Blocks => (Rows + BlockRows - 1) / BlockRows;

    public void Write(Span<byte> target)
    {
        target[..ShardFileLayout.HeaderBytes].Clear();
        ShardFileLayout.Magic.CopyTo(target);
        BinaryPrimitives.WriteInt32LittleEndian(target[8..], ShardFileLayout.Version);
        BinaryPrimitives.WriteInt32LittleEndian(target[12..], Flags);
        BinaryPrimitives.WriteInt64LittleEndian(target[16..], Rows);
        BinaryPrimitives.WriteInt32LittleEndian(target[24..], Columns);
        BinaryPrimitives.WriteInt32LittleEndian(target[28..], BlockRows);
        BinaryPrimitives.WriteInt64LittleEndian(target[32..], MetadataOffset);
        BinaryPrimitives.WriteInt64LittleEndian(target[40..], MetadataLength);
        BinaryPrimitives.WriteInt64LittleEndian(target[48..], FeaturesOffset);
        BinaryPrimitives.WriteInt64LittleEndian(target[56..], LabelsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(target[64..], ChecksumsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(target[72..], ChecksumsLength);
        BinaryPrimitives.WriteInt64LittleEndian(target[80..], FileLength);
        BinaryPrimitives.WriteUInt64LittleEndian(target[88..], MetadataHash);
        BinaryPrimitives.WriteUInt64LittleEndian(target[96..], ChecksumsHash);
        BinaryPrimitives.WriteUInt64LittleEndian(target[120..], ShardFileLayout.Hash(target[..120]));
    }

    /// <summary>Parses and checks a header; <paramref name="fileLength"/> is the file's actual length.</summary>
    public static ShardHeader Read(ReadOnlySpan<byte> bytes, string path, long fileLength)
    {
        if (bytes.Length < ShardFileLayout.HeaderBytes || !bytes[..8].SequenceEqual(ShardFileLayout.Magic))
        {
            throw new DataFormatException(path, 0, 0, "not a ShardML partition file (.shard): the magic number is missing");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (version != ShardFileLayout.Version)
        {
            throw new DataFormatException(path, 0, 0, $"partition file version {version} is not supported; this build reads version {ShardFileLayout.Version}");
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[120..]) != ShardFileLayout.Hash(bytes[..120]))
        {
            throw new DataFormatException(path, 0, 0, "the partition file's header is corrupt (checksum mismatch)");
        }

        var header = new ShardHeader(
            BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[72..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[80..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[88..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[96..]));
        if (fileLength != header.FileLength)
        {
            throw new DataFormatException(path, 0, 0, fileLength < header.FileLength
                ? $"the partition file is truncated: {fileLength} bytes of the {header.FileLength} its header announces"
                : $"the partition file has {fileLength} bytes but its header announces {header.FileLength}");
        }

        if (header.Problem() is { } problem)
        {
            throw new DataFormatException(path, 0, 0, $"the partition file's header is inconsistent: {problem}");
        }

        return header;
    }

    /// <summary>
    /// The first field that does not fit the layout or the file, or null. The header's hash only proves the header was
    /// written as it reads, not that a writer was honest or bug-free: every length and offset is checked against the
    /// file before anything is allocated or read from it (a crafted metadata length of 2³¹ − 1 asked for 2 GB).
    /// </summary>
    public string? Problem()
    {
        if ((Flags & ~(ShardFileLayout.FlagLabels | ShardFileLayout.FlagVocabulary)) != 0)
        {
            return $"unknown flags 0x{Flags:x} (this build knows 0x{ShardFileLayout.FlagLabels | ShardFileLayout.FlagVocabulary:x}); was it written by a newer ShardML?";
        }

        if ((Flags & ShardFileLayout.FlagVocabulary) != 0 && !HasLabels)
        {
            return "a label vocabulary is flagged without labels";
        }

        if (Rows < 0 || Columns < 1 || BlockRows < 1)
        {
            return $"{Rows} rows of {Columns} columns in blocks of {BlockRows} rows";
        }

        if (!Within(MetadataOffset, MetadataLength, ShardFileLayout.HeaderBytes) || MetadataLength > ShardFileLayout.MaximumMetadataBytes)
        {
            return $"metadata of {MetadataLength} bytes at {MetadataOffset} is not within the file's {FileLength} bytes";
        }

        var rowBytes = (long)Columns * sizeof(float);
        if (Rows > (FileLength / rowBytes) || FeaturesOffset % ShardFileLayout.Alignment != 0 || !Within(FeaturesOffset, Rows * rowBytes, ShardFileLayout.HeaderBytes))
        {
            return $"{Rows} rows × {Columns} features at {FeaturesOffset} are not within the file's {FileLength} bytes";
        }

        if (HasLabels
            ? LabelsOffset % ShardFileLayout.Alignment != 0 || !Within(LabelsOffset, Rows * sizeof(float), FeaturesOffset + (Rows * rowBytes))
            : LabelsOffset != 0)
        {
            return HasLabels ? $"labels at {LabelsOffset} are not after the features and within the file" : $"a label offset ({LabelsOffset}) without labels";
        }

        return ChecksumsLength != Blocks * 16 || !Within(ChecksumsOffset, ChecksumsLength, ShardFileLayout.HeaderBytes)
            ? $"a checksum table of {ChecksumsLength} bytes at {ChecksumsOffset} for {Blocks} blocks"
            : null;
    }

    /// <summary>True when [offset, offset + length) starts at or after <paramref name="minimum"/> and ends within the file, without overflow.</summary>
    private bool Within(long offset, long length, long minimum) =>
        offset >= minimum && length >= 0 && offset <= FileLength && length <= FileLength - offset;
}

/// <summary>The metadata section: names, and the label vocabulary when labels are class codes.</summary>
public sealed record ShardMetadata(
    [property: JsonPropertyName("features")] string[] Features,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("labelVocabulary")] string[]? LabelVocabulary)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, ShardMetadataJson.Default.ShardMetadata);

    public static ShardMetadata FromUtf8(ReadOnlySpan<byte> bytes, string path)
    {
        ShardMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize(bytes, ShardMetadataJson.Default.ShardMetadata);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, 0, 0, $"the partition file's metadata is not valid JSON (at byte {e.BytePositionInLine ?? 0})");
        }

        if (metadata is null || metadata.Features is null || metadata.Features.Any(f => f is null) || metadata.LabelVocabulary?.Any(c => c is null) == true)
        {
            // Written by our converter these are never null; a hash that holds does not mean our converter wrote it.
            throw new DataFormatException(path, 0, 0, "the partition file's metadata names no features, or a null one");
        }

        return metadata;
    }
}

[JsonSerializable(typeof(ShardMetadata))]
internal sealed partial class ShardMetadataJson : JsonSerializerContext;
