using System.Text.Json;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Data.Masking;
using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <inheritdoc cref="IMaskWriterGrain"/>
internal sealed class MaskWriterGrain(DataRoots roots) : Grain, IMaskWriterGrain
{
    public Task PrepareAsync(byte[] options, CancellationToken cancellationToken)
    {
        var mask = Decode(options);
        RequirePaths(mask);
        if (Directory.Exists(mask.OutputDirectory) && Directory.EnumerateFileSystemEntries(mask.OutputDirectory).Any())
        {
            throw new ArgumentException($"the output directory '{mask.OutputDirectory}' is not empty; a masked copy goes into a new or empty one");
        }

        Directory.CreateDirectory(mask.OutputDirectory);
        return Task.CompletedTask;
    }

    public Task<MaskPartReply> WritePartAsync(byte[] options, byte[] source, CancellationToken cancellationToken)
    {
        var mask = Decode(options);
        var partition = MemoryPackSerializer.Deserialize<PartitionSource>(source) ?? throw new ArgumentException("empty partition source", nameof(source));
        RequirePaths(mask);
        roots.Require(partition.Path);
        try
        {
            using var key = mask.KeyPath is null ? null : MaskKey.Load(mask.KeyPath);
            var part = PartMasker.Write(mask, partition, key, cancellationToken);
            return Task.FromResult(new MaskPartReply(part.Partition, part.File, part.Rows, part.Bytes, null));
        }
        catch (DataFormatException e) when (RemoteError.From(e) is { } error)
        {
            return Task.FromResult(new MaskPartReply(partition.Index, string.Empty, 0, 0, roots.Restricted ? error.Redacted() : error));
        }
    }

    public Task<string> FinishAsync(byte[] options, MaskPartReply[] parts, string[] columns, CancellationToken cancellationToken)
    {
        var mask = Decode(options);
        RequirePaths(mask);
        string? keyId = null;
        if (mask.KeyPath is not null)
        {
            using var key = MaskKey.Load(mask.KeyPath);
            keyId = key.Id;
        }

        var manifest = MaskManifest.Of(mask, columns, keyId, parts.Select(p => new MaskedPart(p.Partition, p.File, p.Rows, p.Bytes)));
        manifest.Write(mask.OutputDirectory);
        return Task.FromResult(File.ReadAllText(Path.Combine(mask.OutputDirectory, MaskManifest.FileName)));
    }

    private static MaskOptions Decode(byte[] options) =>
        MemoryPackSerializer.Deserialize<MaskOptions>(options) ?? throw new ArgumentException("empty mask options", nameof(options));

    /// <summary>The input, the key and the output must all lie inside the data roots: a copy is written there too.</summary>
    private void RequirePaths(MaskOptions mask)
    {
        roots.Require(mask.Path);
        roots.Require(mask.OutputDirectory);
        if (mask.KeyPath is { } key)
        {
            roots.Require(key);
        }
    }
}
