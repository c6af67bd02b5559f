using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ShardML.Core.Data.Shard;

/// <summary>
/// Writes a <c>.shard</c> file from rows appended in order: features stream to their section as they come (hashed a
/// block at a time on the way), labels are kept (one float a row) and written at the end with the checksum table and
/// the header. The file is written under a temporary name and renamed when complete, so a crash never leaves a
/// half-written file under the final name.
/// </summary>
public sealed class ShardFileWriter : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private readonly ShardMetadata _metadata;
    private readonly byte[] _metadataBytes;
    private readonly long _metadataRoom;
    private readonly bool _hasLabels;
    private readonly int _columns;
    private readonly int _blockRows;
    private readonly long _featuresOffset;
    private readonly List<ulong> _featureHashes = [];
    private readonly XxHash3 _blockHash = new();
    private float[] _labels = new float[1024];
    private long _rows;
    private int _rowsInBlock;
    private bool _completed;

    public ShardFileWriter(string path, ShardMetadata metadata, bool hasLabels)
    {
        _path = System.IO.Path.GetFullPath(path);
        _temporary = _path + ".tmp";
        _metadata = metadata;
        _metadataBytes = metadata.ToUtf8();
        _hasLabels = hasLabels;
        _columns = metadata.Features.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(_columns, 1);
        _blockRows = ShardFileLayout.BlockRowsFor(_columns);
        _featuresOffset = ShardFileLayout.Align(ShardFileLayout.HeaderBytes + _metadataBytes.Length);
        _metadataRoom = _featuresOffset - ShardFileLayout.HeaderBytes;
        _stream = new FileStream(_temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _stream.Position = _featuresOffset;
    }

    public long Rows => _rows;

    /// <summary>Appends rows: <paramref name="features"/> row-major, <paramref name="labels"/> one per row (empty without labels).</summary>
    public void Append(ReadOnlySpan<float> features, ReadOnlySpan<float> labels)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var rows = features.Length / _columns;
        if (features.Length != rows * _columns || (_hasLabels && labels.Length != rows))
        {
            throw new ArgumentException("features must be whole rows, with one label per row when the file has labels");
        }

        if (_hasLabels)
        {
            if (_rows + rows > _labels.Length)
            {
                Array.Resize(ref _labels, (int)Math.Min(Array.MaxLength, Math.Max(_rows + rows, _labels.Length * 2L)));
            }

            labels.CopyTo(_labels.AsSpan((int)_rows));
        }

        var bytes = MemoryMarshal.AsBytes(features);
        var rowBytes = _columns * sizeof(float);
        while (!bytes.IsEmpty)
        {
            var take = Math.Min(_blockRows - _rowsInBlock, bytes.Length / rowBytes);
            var chunk = bytes[..(take * rowBytes)];
            _blockHash.Append(chunk);
            _stream.Write(chunk);
            _rowsInBlock += take;
            if (_rowsInBlock == _blockRows)
            {
                _featureHashes.Add(_blockHash.GetCurrentHashAsUInt64());
                _blockHash.Reset();
                _rowsInBlock = 0;
            }

            bytes = bytes[chunk.Length..];
        }

        _rows += rows;
    }

    /// <summary>
    /// Writes the labels, the checksum table, the metadata and the header, and renames the file into place. A label
    /// vocabulary known only now (the classes of the whole file) replaces the metadata's; metadata that no longer fits
    /// before the features goes after the checksum table (the header points at it either way).
    /// </summary>
    public void Complete(string[]? labelVocabulary = null)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var metadata = labelVocabulary is null ? _metadata : _metadata with { LabelVocabulary = labelVocabulary };
        var metadataBytes = labelVocabulary is null ? _metadataBytes : metadata.ToUtf8();
        if (_rowsInBlock > 0)
        {
            _featureHashes.Add(_blockHash.GetCurrentHashAsUInt64());
        }

        var labelsOffset = 0L;
        var table = new ulong[_featureHashes.Count * 2];
        if (_hasLabels)
        {
            labelsOffset = ShardFileLayout.Align(_featuresOffset + (_rows * _columns * sizeof(float)));
            _stream.Position = labelsOffset;
            var labelBytes = MemoryMarshal.AsBytes(_labels.AsSpan(0, (int)_rows));
            _stream.Write(labelBytes);
            for (var b = 0; b < _featureHashes.Count; b++)
            {
                var first = b * _blockRows;
                var count = (int)Math.Min(_blockRows, _rows - first);
                table[(b * 2) + 1] = ShardFileLayout.Hash(labelBytes.Slice(first * sizeof(float), count * sizeof(float)));
            }
        }

        for (var b = 0; b < _featureHashes.Count; b++)
        {
            table[b * 2] = _featureHashes[b];
        }

        var end = _hasLabels ? labelsOffset + (_rows * sizeof(float)) : _featuresOffset + (_rows * _columns * sizeof(float));
        var checksumsOffset = (end + 7) / 8 * 8;
        var tableBytes = MemoryMarshal.AsBytes(table.AsSpan());
        _stream.Position = checksumsOffset;
        _stream.Write(tableBytes);
        var fileLength = checksumsOffset + tableBytes.Length;
        var metadataOffset = (long)ShardFileLayout.HeaderBytes;
        if (metadataBytes.Length > _metadataRoom)
        {
            metadataOffset = fileLength;
            _stream.Position = metadataOffset;
            _stream.Write(metadataBytes);
            fileLength += metadataBytes.Length;
        }

        var flags = (_hasLabels ? ShardFileLayout.FlagLabels : 0) | (metadata.LabelVocabulary is null ? 0 : ShardFileLayout.FlagVocabulary);
        var header = new ShardHeader(
            flags, _rows, _columns, _blockRows, metadataOffset, metadataBytes.Length, _featuresOffset, labelsOffset,
            checksumsOffset, tableBytes.Length, fileLength, ShardFileLayout.Hash(metadataBytes), ShardFileLayout.Hash(tableBytes));
        var headerBytes = new byte[ShardFileLayout.HeaderBytes];
        header.Write(headerBytes);
        _stream.Position = 0;
        _stream.Write(headerBytes);
        if (metadataOffset == ShardFileLayout.HeaderBytes)
        {
            _stream.Write(metadataBytes);
        }

        _stream.SetLength(fileLength);
        _stream.Flush(flushToDisk: false);
        _stream.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            // Disposing flushes what is buffered, which on a full disk fails again: the file goes either way.
            _stream.Dispose();
        }
        catch (IOException)
        {
        }
        finally
        {
            File.Delete(_temporary);
        }
    }
}
