using MemoryPack;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Common;

/// <summary>
/// A trainer's side of checkpointing: saves its loop state (a <c>[MemoryPackable]</c> record holding everything the
/// next iterations depend on, to the bit) when an iteration is due, and hands it back when the job resumes. The state
/// travels tagged with its type (<see cref="CheckpointEnvelope"/>), so a checkpoint of another trainer or solver is
/// refused by name. The <see cref="JobContext"/> behind it decides where the bytes go. <see cref="None"/> saves nothing.
/// </summary>
public sealed class TrainerCheckpoints
{
    private readonly JobContext _context;

    public TrainerCheckpoints(JobContext context)
    {
        _context = context;
    }

    public static TrainerCheckpoints None { get; } = new(JobContext.Transient());

    /// <summary>True when a checkpoint should follow iteration <paramref name="iteration"/>.</summary>
    public bool IsDue(int iteration) => _context.IsCheckpointDue(iteration);

    /// <summary>True when the job saves checkpoints at all.</summary>
    public bool IsEnabled => _context.Schedule.IsEnabled;

    /// <summary>True when a phase boundary (an initialization done) should be saved: by iterations always, by time once the period is over.</summary>
    public bool IsBoundaryDue => IsEnabled && _context.IsBoundaryDue;

    /// <summary>The state to resume from, or null on a fresh start. A checkpoint of another state type is an error, not a guess.</summary>
    public TState? Restore<TState>()
        where TState : class
    {
        if (_context.ResumeState is not { } bytes)
        {
            return null;
        }

        CheckpointEnvelope? envelope;
        try
        {
            envelope = MemoryPackSerializer.Deserialize<CheckpointEnvelope>(bytes);
        }
        catch (MemoryPackSerializationException e)
        {
            throw new InvalidOperationException($"the state to resume from is not a checkpoint of this version of ShardML; it cannot give a {typeof(TState).Name}", e);
        }

        if (envelope?.StateType is not { } type || envelope.State is null)
        {
            throw new InvalidOperationException($"the state to resume from is not a checkpoint of this version of ShardML; it cannot give a {typeof(TState).Name}");
        }

        if (type != CheckpointEnvelope.TypeName<TState>())
        {
            throw new InvalidOperationException(
                $"the checkpoint holds a {type[(type.LastIndexOf('.') + 1)..]}, not the {typeof(TState).Name} this job resumes from: it was written by another algorithm or solver");
        }

        try
        {
            return MemoryPackSerializer.Deserialize<TState>(envelope.State)
                ?? throw new InvalidOperationException($"the checkpoint holds no {typeof(TState).Name}");
        }
        catch (MemoryPackSerializationException e)
        {
            throw new InvalidOperationException($"the checkpoint's {typeof(TState).Name} cannot be read; it was written by another version", e);
        }
    }

    public Task SaveAsync<TState>(int iteration, TState state, CancellationToken cancellationToken) =>
        IsEnabled
            ? _context.SaveAsync(iteration, MemoryPackSerializer.Serialize(new CheckpointEnvelope(CheckpointEnvelope.TypeName<TState>(), MemoryPackSerializer.Serialize(state))), cancellationToken)
            : Task.CompletedTask;
}
