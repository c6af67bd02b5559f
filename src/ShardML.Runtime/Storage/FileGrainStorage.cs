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
/// counter in the file, so a write from a stale activation is refused.
/// </summary>
internal sealed partial class FileGrainStorage(string directory, Serializer serializer, ILogger<FileGrainStorage> logger) : IGrainStorage
{
    private const uint Magic = 0x53484D53; // "SHMS"
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
        if (!TryOpen(bytes, out var version, out var body, out var problem))
        {
            LogCorrupt(logger, path, problem);
            grainState.RecordExists = false;
            grainState.ETag = Etag(version);
            return;
        }

        grainState.State = serializer.Deserialize<T>(body.ToArray());
        grainState.RecordExists = true;
        grainState.ETag = Etag(version);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var version = await CurrentVersionAsync(path);
        if (grainState.ETag is { } etag && etag != Etag(version))
        {
            throw new InconsistentStateException($"{path} was written by another activation", etag, Etag(version));
        }

        var body = serializer.SerializeToArray(grainState.State);
        var next = version + 1;
        var file = new byte[HeaderBytes + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(file, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(4), next);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(12), XxHash64.HashToUInt64(body, next));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(20), body.Length);
        body.CopyTo(file, HeaderBytes);

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(file);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        grainState.ETag = Etag(next);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
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

    private static async Task<long> CurrentVersionAsync(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var header = new byte[12];
        await using var stream = File.OpenRead(path);
        return await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false) == header.Length
            && BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic
                ? BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(4))
                : 0;
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
