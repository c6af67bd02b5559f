using ShardML.Runtime.Messages;
using ShardML.Runtime.Security;

namespace ShardML.Runtime.Grains;

/// <summary>
/// Writes a masked copy of a dataset on the silos (key: the copy's run and a partition, so parts spread over the
/// cluster): the output directory first, then one part per partition, each read and written where it runs, then the
/// manifest. Options travel MemoryPack-encoded (<c>MaskOptions</c>, <c>PartitionSource</c>); the key file is read on
/// the silo and never travels.
/// </summary>
[Alias("shardml.IMaskWriterGrain")]
public interface IMaskWriterGrain : IGrainWithStringKey
{
    /// <summary>Checks the paths against the data roots and makes the output directory (empty).</summary>
    [Alias("Prepare"), ResponseTimeout("00:02:00"), Requires(AccessLevel.Train)]
    Task PrepareAsync(byte[] options, CancellationToken cancellationToken);

    [Alias("WritePart"), Requires(AccessLevel.Train)]
    Task<MaskPartReply> WritePartAsync(byte[] options, byte[] source, CancellationToken cancellationToken);

    /// <summary>Writes <c>manifest.json</c> for the parts and returns it.</summary>
    [Alias("Finish"), ResponseTimeout("00:02:00"), Requires(AccessLevel.Train)]
    Task<string> FinishAsync(byte[] options, MaskPartReply[] parts, string[] columns, CancellationToken cancellationToken);
}
