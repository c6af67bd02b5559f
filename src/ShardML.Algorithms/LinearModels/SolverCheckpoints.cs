using Microsoft.Extensions.Logging;
using ShardML.Algorithms.Common;

namespace ShardML.Algorithms.LinearModels;

/// <summary>How a linear solver takes its state back from a checkpoint: by type (<see cref="TrainerCheckpoints"/>), then by shape.</summary>
internal static partial class SolverCheckpoints
{
    /// <summary>
    /// The state to resume from, or null on a fresh start. A checkpoint of another solver, or of a model with other
    /// features or outputs, is an error that says which: continuing from it would not be this job.
    /// </summary>
    public static TState? Restore<TState>(this TrainerCheckpoints checkpoints, LinearProblem problem, ILogger logger)
        where TState : class, ILinearSolverState
    {
        if (checkpoints.Restore<TState>() is not { } state)
        {
            return null;
        }

        if (state.Dimension != problem.Dimension || state.Outputs != problem.Outputs)
        {
            throw new InvalidOperationException(
                $"the checkpoint is of a model with {state.Outputs} weight vector(s) over {state.Dimension} features, but this job's has {problem.Outputs} over {problem.Dimension}: it was written for other data");
        }

        LogResuming(logger, typeof(TState).Name, state.Iteration);
        return state;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming from a checkpoint ({State}) saved after iteration {Iteration}")]
    private static partial void LogResuming(ILogger logger, string state, int iteration);
}
