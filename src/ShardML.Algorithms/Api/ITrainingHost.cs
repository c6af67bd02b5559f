using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML;

/// <summary>
/// What runs training jobs for the library's trainers: the embedded silo or a cluster (<c>ShardMLContext</c>). The
/// algorithms' catalog methods (<c>ml.KMeans(k)</c>, <c>ml.LogisticRegression()</c>) extend it, so each algorithm adds
/// its own entry points in its own folder.
/// </summary>
public interface ITrainingHost
{
    /// <summary>The seed a trainer made by a short overload uses; the same seed gives the same bits.</summary>
    ulong Seed { get; }

    /// <summary>Plans <paramref name="data"/> as <paramref name="job"/> reads it and starts the job; its driver runs on a silo.</summary>
    Task<TrainingJob<TModel>> SubmitAsync<TModel>(ITrainingJob job, DataSource data, string? jobId, CancellationToken cancellationToken)
        where TModel : TrainedModel;
}
