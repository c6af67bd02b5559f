using MemoryPack;

namespace ShardML.Algorithms.Common;

/// <summary>
/// How <see cref="TrainerCheckpoints"/> writes a trainer's state: tagged with the state's type. MemoryPack bytes do
/// not say what they hold, and one state read as another can decode without an error into nonsense (a float array
/// read as a double array, a count read as a flag), so a checkpoint of another job is told apart by its tag, never
/// guessed from its bytes.
/// </summary>
/// <param name="StateType">The full name of the state's type.</param>
/// <param name="State">The state, as MemoryPack bytes.</param>
[MemoryPackable]
internal sealed partial record CheckpointEnvelope(string StateType, byte[] State)
{
    public static string TypeName<TState>() => typeof(TState).FullName ?? typeof(TState).Name;
}
