namespace ShardML.Core.Execution;

/// <summary>
/// When a job saves its state: every <see cref="Iterations"/> iterations when that is above 0, else once every
/// <see cref="Period"/> of training when that is above zero, else never. By time is the default, since a checkpoint's
/// worth is the work it saves redoing: a job of one second needs none, and a job whose iterations take a millisecond
/// would otherwise write hundreds (a 1-second SVM run once wrote 154).
/// </summary>
/// <param name="Iterations">Save after every this many iterations; 0 to save by time (or not at all).</param>
/// <param name="Period">With <paramref name="Iterations"/> 0: save when this much training time has passed since the start or the last save.</param>
public sealed record CheckpointSchedule(int Iterations, TimeSpan Period)
{
    /// <summary>The default period: a job killed loses at most this much work, and a job shorter than it writes nothing.</summary>
    public static TimeSpan DefaultPeriod { get; } = TimeSpan.FromSeconds(30);

    public static CheckpointSchedule None { get; } = new(0, TimeSpan.Zero);

    public static CheckpointSchedule ByTime(TimeSpan period) => new(0, period);

    public static CheckpointSchedule EveryIterations(int iterations) => new(iterations, TimeSpan.Zero);

    /// <summary>True when any checkpoint is ever saved.</summary>
    public bool IsEnabled => Iterations > 0 || Period > TimeSpan.Zero;

    public bool ByIterations => Iterations > 0;

    public override string ToString() =>
        Iterations > 0 ? $"every {Iterations} iterations" : Period > TimeSpan.Zero ? $"every {Period.TotalSeconds:G4} s of training" : "none";
}
