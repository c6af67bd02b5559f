using MemoryPack;

namespace ShardML.Core.Execution;

/// <summary>
/// The steps, summaries and training jobs allowed on the wire, by stable name, and their binary encoding
/// (MemoryPack, which copies numeric arrays as raw memory). Only registered types are ever decoded, so a message
/// cannot make a node instantiate an arbitrary type. Algorithms register their types; the runtime only calls this.
/// </summary>
public sealed class WireTypeRegistry
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);

    public WireTypeRegistry(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            if (!typeof(IPartitionStep).IsAssignableFrom(type) && !typeof(ISummary).IsAssignableFrom(type) && !typeof(ITrainingJob).IsAssignableFrom(type))
            {
                throw new ArgumentException($"{type} is neither a partition step, a summary nor a training job", nameof(types));
            }

            _byName[NameOf(type)] = type;
        }
    }

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    /// <summary>True when values of <paramref name="type"/> may travel.</summary>
    public bool IsRegistered(Type type) => _byName.ContainsKey(NameOf(type));

    public WirePayload Encode(object value)
    {
        var type = value.GetType();
        var name = NameOf(type);
        if (!_byName.ContainsKey(name))
        {
            throw new InvalidOperationException($"{name} is not registered for the wire");
        }

        return new WirePayload(name, MemoryPackSerializer.Serialize(type, value));
    }

    public T Decode<T>(WirePayload payload)
        where T : class
    {
        if (!_byName.TryGetValue(payload.TypeName, out var type))
        {
            throw new InvalidOperationException($"{payload.TypeName} is not registered for the wire");
        }

        return MemoryPackSerializer.Deserialize(type, payload.Body) as T
            ?? throw new InvalidOperationException($"{payload.TypeName} did not decode to a {typeof(T).Name}");
    }
}

/// <summary>An encoded step or summary: its registered type name and its bytes.</summary>
public sealed record WirePayload(string TypeName, byte[] Body);
