using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>Jobs carried inside another job (a validated job's algorithm, a search's candidates), as registered types and bytes.</summary>
internal static class NestedJobs
{
    public static (string[] Types, byte[][] Bodies) Encode(IReadOnlyList<ITrainingJob> jobs)
    {
        if (jobs.Count == 0)
        {
            throw new ArgumentException("no job to run", nameof(jobs));
        }

        if (jobs.Any(j => j is ValidatedJob or SearchJob))
        {
            throw new ArgumentException("a validation split, cross-validation or a search runs an algorithm's job, not another of its kind", nameof(jobs));
        }

        var payloads = jobs.Select(NestedWire.Encode).ToArray();
        return ([.. payloads.Select(p => p.TypeName)], [.. payloads.Select(p => p.Body)]);
    }

    public static ITrainingJob[] Decode(string[] types, byte[][] bodies) =>
        [.. types.Select((t, i) => NestedWire.Decode<ITrainingJob>(t, bodies[i]))];

    /// <summary>A context for a job run inside another: no checkpoints of its own (the outer job restarts it), progress where asked.</summary>
    public static JobContext Inner(JobContext outer, bool reportProgress) =>
        new(null, 0, (_, _, _) => Task.CompletedTask, reportProgress ? outer.Progress : null, outer.Loggers);

    /// <summary>Only clear aggregation lets the driver measure models on subsets of rows.</summary>
    public static void RequireClear(IPartitionExecutor executor, string what)
    {
        if (executor.Privacy != AggregationPrivacy.Clear)
        {
            throw new ArgumentException($"{what} measures models on held-out rows in the clear; it does not run under secure aggregation");
        }
    }

    /// <summary>Refuses a private model: its metrics on held-out rows would be a release its privacy budget does not cover.</summary>
    public static void RequireNotPrivate(Models.TrainedModel model, string what)
    {
        if (model.Summary.Privacy is not null)
        {
            throw new ArgumentException($"{what} does not measure differentially private models: their metrics on the data would be a release the privacy budget does not cover; evaluate a private model on data kept apart with 'shardml evaluate'");
        }
    }
}
