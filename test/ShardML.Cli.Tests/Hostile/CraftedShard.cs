using ShardML.Core.Data.Shard;

namespace ShardML.Cli.Tests.Hostile;

/// <summary>Rewrites a <c>.shard</c> file's header with a valid hash: what a buggy or hostile writer would leave.</summary>
internal static class CraftedShard
{
    public static void Rewrite(string path, Func<ShardHeader, ShardHeader> change)
    {
        var bytes = File.ReadAllBytes(path);
        var header = ShardHeader.Read(bytes, path, bytes.LongLength);
        change(header).Write(bytes);
        File.WriteAllBytes(path, bytes);
    }
}
