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

    public static WirePayload Encode(object value) => Registry.Value.Encode(value);

    public static T Decode<T>(string typeName, byte[] body)
        where T : class => Registry.Value.Decode<T>(new WirePayload(typeName, body));

    public static string NameOf(object value) => WireTypeRegistry.NameOf(value.GetType());
}
