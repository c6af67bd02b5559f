using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace ShardML.Runtime.Storage;

/// <summary>
/// Grain state in files under one directory: the embedded default, or a path on storage every silo shares. Each
/// write goes to a temporary file that is flushed to disk and renamed over the old one, so a crash leaves the old
/// state or the new, never a mix. Each file carries a checksum: a truncated or corrupted file is logged and read
/// as absent, so callers fall back to what else they kept instead of failing to activate. ETags are a version
/// counter in the file, checked and advanced under an exclusive lock on a lock file beside it: a write from a stale
/// activation, or one that expects no record where there is one, is refused. Clearing leaves a tombstone that
/// keeps the counter, so an old ETag can never match again — unless <paramref name="deleteOnClear"/>, as the job store
/// sets it (like Orleans' Redis and ADO.NET stores' <c>DeleteStateOnClear</c>): then clearing deletes the files, so a
/// forgotten job leaves nothing behind, and a stale writer still fails (its ETag names a version where none is); only a
/// new record under the same key that reaches the stale writer's version again could be overwritten, and job ids are
/// made unique per submission. (The lock is an advisory file lock: exclusive across processes on one host and on file
/// systems that honour such locks, e.g. NFSv4.)
/// </summary>
internal sealed partial class FileGrainStorage(string directory, Serializer serializer, ILogger logger, bool deleteOnClear = false) : IGrainStorage
{
    /// <summary>The category of this store's own warnings (a corrupt file read as absent).</summary>
    public const string LogCategory = "ShardML.Runtime.Storage.StateFiles";

    private const uint Magic = 0x53484D53; // "SHMS"
    private const uint TombstoneMagic = 0x53484D58; // "SHMX": cleared; the version lives on
    private const int HeaderBytes = 4 + 8 + 8 + 4; // magic, version, checksum, length

    public string Directory { get; } = directory;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        if (bytes.Length >= 12 && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == TombstoneMagic)
        {
            grainState.RecordExists = false;
            grainState.ETag = Etag(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4)));
            return;
        }

        if (!TryOpen(bytes, out var version, out var body, out var problem))
        {
            LogCorrupt(logger, path, problem);
            grainState.RecordExists = false;
            grainState.ETag = version > 0 ? Etag(version) : null; // a header past reading counts as no record
            return;
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(body.ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Intact but unreadable: most often written by another version of ShardML whose state had other fields.
            // A copy is kept beside it for that version, one per file version, so a later unreadable write never
            // replaces an earlier copy; the state reads as absent, so the grain activates and its next write repairs it.
            var copy = $"{path}.v{version}.unreadable";
            if (!File.Exists(copy))
            {
                File.Copy(path, copy);
            }

            LogCorrupt(logger, path, $"{e.GetType().Name}: {e.Message}; a copy is kept as {Path.GetFileName(copy)}");
            grainState.RecordExists = false;
            grainState.ETag = Etag(version);
            return;
        }

        grainState.RecordExists = true;
        grainState.ETag = Etag(version);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var body = serializer.SerializeToArray(grainState.State);
        await using var fence = await LockAsync(path);
        var (version, exists) = await CurrentVersionAsync(path);
        Check(path, grainState.ETag, version, exists);
        var next = version + 1;
        var file = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(file, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(4), next);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), XxHash64.HashToUInt64(body, next));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(20), body.Length);
        body.CopyTo(file, HeaderBytes);
        await ReplaceAsync(path, file);
        grainState.ETag = Etag(next);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await using var fence = await LockAsync(path);
        var (version, exists) = await CurrentVersionAsync(path);
        if (!exists && version == 0)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        Check(path, grainState.ETag, version, exists);
        if (deleteOnClear)
        {
            File.Delete(path);
            DeleteQuietly(path + ".lock"); // held by this writer: unlinking it is allowed where locks are advisory
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var tombstone = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(tombstone, TombstoneMagic);
        BinaryPrimitives.WriteInt64LittleEndian(tombstone.AsSpan(4), version + 1);
        await ReplaceAsync(path, tombstone);
        grainState.ETag = Etag(version + 1);
        grainState.RecordExists = false;
    }

    /// <summary>A write may go on only from the version its writer read: that one, or none where no record is.</summary>
    private static void Check(string path, string? etag, long version, bool exists)
    {
        var expected = exists || version > 0 ? Etag(version) : null;
        if (!string.Equals(etag, expected, StringComparison.Ordinal))
        {
            throw new InconsistentStateException($"{path} was written by another activation (version {expected ?? "none"}, expected {etag ?? "none"})", etag, expected);
        }
    }

    private static async Task ReplaceAsync(string path, byte[] file)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(file);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            // A full disk fails the write part way: the partial copy must not stay behind and keep the disk full.
            DeleteQuietly(temporary);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own error is the one to report.
        }
    }

    /// <summary>Holds the state file's lock file exclusively (an advisory lock), waiting briefly for another writer.</summary>
    private static async Task<FileStream> LockAsync(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>The file of one grain's named state: <c>{directory}/{state}/{grain type}/{grain key}.state</c>, names made safe.</summary>
    public string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(Directory, Safe(stateName), Safe(grainId.Type.ToString() ?? "grain"), Safe(grainId.Key.ToString() ?? "key") + ".state");

    private static bool TryOpen(byte[] file, out long version, out ReadOnlySpan<byte> body, out string problem)
    {
        version = 0;
        body = default;
        if (file.Length < HeaderBytes || BinaryPrimitives.ReadUInt32LittleEndian(file) != Magic)
        {
            problem = "not a ShardML state file (bad header)";
            return false;
        }

        version = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(4));
        var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20));
        if (length < 0 || HeaderBytes + (long)length != file.Length)
        {
            problem = $"truncated: {file.Length - HeaderBytes} bytes of {length}";
            return false;
        }

        body = file.AsSpan(HeaderBytes, length);
        if (XxHash64.HashToUInt64(body, version) != BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(12)))
        {
            problem = "checksum mismatch";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>The version in the state file's header (a tombstone's too), and whether it holds a record.</summary>
    private static async Task<(long Version, bool Exists)> CurrentVersionAsync(string path)
    {
        if (!File.Exists(path))
        {
            return (0, false);
        }

        var header = new byte[12];
        await using var stream = File.OpenRead(path);
        if (await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) != header.Length)
        {
            return (0, false);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var version = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(4));
        return magic switch
        {
            Magic => (version, true),
            TombstoneMagic => (version, false),
            _ => (0, false),
        };
    }

    private static string Etag(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Safe(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(name.Select(c => invalid.Contains(c) || c is '/' or '\\' or ':' ? '_' : c));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "State file {Path} is unusable ({Problem}); reading it as absent")]
    private static partial void LogCorrupt(ILogger logger, string path, string problem);
}
