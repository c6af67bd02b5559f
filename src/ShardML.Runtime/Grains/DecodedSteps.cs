using System.Runtime.CompilerServices;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Grains;

/// <summary>
/// The silo's decoded steps, one per step message: a batch's immutable body is decoded once on the silo and its
/// partitions share the object, as partitions of the in-memory executor share one step. A local SGD round on a 10⁵-feature model broadcasts 800 KB of coefficients; decoding them
/// once per silo instead of once per partition saves that copy for every further partition, each round. Steps are
/// shared safely because a step's <c>Run</c> never mutates the step. Entries live as long as the body does.
/// </summary>
internal sealed class DecodedSteps(WireTypeRegistry wire)
{
    private readonly ConditionalWeakTable<byte[], IPartitionStep> _steps = [];

    public IPartitionStep Get(string typeName, byte[] body) =>
        _steps.GetValue(body, b => wire.Decode<IPartitionStep>(new WirePayload(typeName, b)));

    /// <summary>Forgets the step decoded from <paramref name="body"/>, whose array is about to hold another step's bytes.</summary>
    public void Forget(byte[] body) => _steps.Remove(body);
}
