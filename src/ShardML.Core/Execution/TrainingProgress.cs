namespace ShardML.Core.Execution;

/// <summary>Where a training job stands, reported once per distributed pass of its main loop; the one progress type of trainers, jobs and the library.</summary>
/// <param name="Phase">"profiling" (the data, to learn its preprocessing), "loading" (the data), "initialization", the main loop's unit ("iteration", "epoch" or "round", as the solver counts), or "finalization".</param>
/// <param name="Iteration">Units of the main loop done, 1-based; 0 before the loop.</param>
/// <param name="MaximumIterations">The cap on them.</param>
/// <param name="Loss">The objective at this point, or NaN when not known yet.</param>
public sealed record TrainingProgress(string Phase, int Iteration, int MaximumIterations, double Loss)
{
    /// <summary>While the data loads (the "profiling" and "loading" phases): how far it is; null otherwise.</summary>
    public LoadProgress? Load { get; init; }

    /// <summary>True in the main loop, whatever the solver calls its unit: what "at iteration N" means to a job.</summary>
    public bool InMainLoop => Phase is not ("profiling" or "loading" or "initialization" or "finalization");
}
