using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML;

/// <summary>
/// An algorithm with its options, ready to train on a <see cref="DataSource"/> through a host: the library's estimator
/// (ML.NET's trainer, scikit-learn's unfitted estimator). Made by the catalog methods on the context.
/// </summary>
/// <typeparam name="TModel">The model it trains.</typeparam>
public sealed class Trainer<TModel>
    where TModel : TrainedModel
{
    private readonly ITrainingHost _host;

    public Trainer(ITrainingHost host, ITrainingJob job)
    {
        _host = host;
        Job = job;
    }

    /// <summary>The job this trainer submits: the algorithm and its options.</summary>
    public ITrainingJob Job { get; }

    /// <summary>
    /// Trains on <paramref name="data"/> and returns the model. Cancelling stops the job on the cluster; a finished job
    /// is forgotten (its checkpoints deleted) once its model is returned.
    /// </summary>
    public async Task<TModel> TrainAsync(DataSource data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var job = await SubmitAsync(data, null, cancellationToken);
        try
        {
            var model = await job.WaitAsync(progress, cancellationToken);
            await ForgetQuietlyAsync(job);
            return model;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await job.StopAsync(grace.Token);
            throw;
        }
        catch (Exception e) when (e is ArgumentException or Core.Data.DataFormatException or Core.Data.FeatureMismatchException)
        {
            await ForgetQuietlyAsync(job); // another attempt would fail the same way
            throw;
        }
    }

    /// <summary>Starts training on <paramref name="data"/> and returns at once with the job, to wait for, stop or resume.</summary>
    public Task<TrainingJob<TModel>> SubmitAsync(DataSource data, string? jobId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _host.SubmitAsync<TModel>(Job, data, jobId, cancellationToken);
    }

    private static async Task ForgetQuietlyAsync(TrainingJob<TModel> job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await job.ForgetAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The model is delivered; a record left behind is tidied by the next job of the same id, or by hand.
        }
    }
}
