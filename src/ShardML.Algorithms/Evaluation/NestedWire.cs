using System.Buffers;
using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Encodes and decodes the steps, summaries and jobs that travel inside another (a row subset's step, a batch of
/// candidates' steps, a validated job): by the catalog's registry (<see cref="AlgorithmCatalog.WireTypes"/>), so a
/// nested payload may only ever decode to a type the host would accept at the top level.
/// </summary>
internal static class NestedWire
{
    private static readonly Lazy<WireTypeRegistry> Registry = new(() => new WireTypeRegistry(AlgorithmCatalog.WireTypes));

    /// <summary>
    /// Encodes <paramref name="value"/> into a buffer of its own. A nested value is encoded from inside the outer
    /// value's serialization (a lazily encoded member), and MemoryPack's byte-array overload reuses one buffer per
    /// thread, which the inner call would reset under the outer one.
    /// </summary>
    public static WirePayload Encode(object value)
    {
        var type = value.GetType();
        if (!Registry.Value.IsRegistered(type))
        {
            throw new InvalidOperationException($"{NameOf(value)} is not registered for the wire");
        }

        var buffer = new ArrayBufferWriter<byte>();
        MemoryPackSerializer.Serialize(type, buffer, value);
        return new WirePayload(NameOf(value), buffer.WrittenSpan.ToArray());
    }

    public static T Decode<T>(string typeName, byte[] body)
        where T : class => Registry.Value.Decode<T>(new WirePayload(typeName, body));

    public static string NameOf(object value) => WireTypeRegistry.NameOf(value.GetType());
}
