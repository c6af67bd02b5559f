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

    /// <summary>Where the trainer's jobs run.</summary>
    internal ITrainingHost Host => _host;

    /// <summary>
    /// This trainer holding out <paramref name="validationFraction"/> of the rows (`ValidationFraction`): the model
    /// trains on the others and its <c>Summary.Validation</c> holds its metrics on the held-out rows, beside
    /// <c>Summary.TrainingMetrics</c>. Rows are held out by a hash of the host's seed and their number, so the split
    /// is the same under any partitioning. Any algorithm; not with differential privacy or secure aggregation.
    /// </summary>
    public Trainer<TModel> WithValidationFraction(double validationFraction) =>
        new(_host, new Algorithms.Evaluation.ValidatedJob(Job, validationFraction, _host.Seed));

    /// <summary>
    /// K-fold cross-validation on <paramref name="data"/>, loaded once, the <paramref name="folds"/> trainings sharing
    /// every pass: each fold's held-out metrics, their mean and standard deviation.
    /// </summary>
    public async Task<Algorithms.Evaluation.CrossValidationReport> CrossValidateAsync(DataSource data, int folds, CancellationToken cancellationToken = default)
    {
        var search = new Algorithms.Evaluation.SearchJob([Job], [new Dictionary<string, string>()], 0, folds, _host.Seed, null, refit: false);
        var model = await new Trainer<TModel>(_host, search).TrainAsync(data, null, cancellationToken);
        return model.Summary.CrossValidation!;
    }

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
