using ShardML.Algorithms.Models;
using ShardML.Core.Execution;

namespace ShardML;

/// <summary>
/// A training job started on the cluster: its driver runs on a silo and checkpoints as it goes, so it outlives this
/// process. <see cref="WaitAsync"/> gives the same typed model as <see cref="Trainer{TModel}.TrainAsync"/>.
/// </summary>
/// <typeparam name="TModel">The model the job trains.</typeparam>
public sealed class TrainingJob<TModel>
    where TModel : TrainedModel
{
    private readonly ITrainingJobControl _control;

    public TrainingJob(string id, ITrainingJobControl control)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        _control = control;
    }

    /// <summary>The job's id: resume it, or ask about it, by this.</summary>
    public string Id { get; }

    public Task<TrainingStatus> StatusAsync(CancellationToken cancellationToken = default) => _control.StatusAsync(cancellationToken);

    /// <summary>Waits for the job to finish and returns its model; a failed job throws what went wrong.</summary>
    public async Task<TModel> WaitAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var status = await _control.WaitAsync(progress, cancellationToken);
        if (status.State != TrainingState.Succeeded || status.ModelJson is null)
        {
            throw new InvalidOperationException($"job {Id} ended as {status.State.ToString().ToLowerInvariant()}{(status.Error is null ? string.Empty : $": {status.Error}")}");
        }

        return ModelFile.FromJson(status.ModelJson, $"job {Id}") as TModel
            ?? throw new InvalidOperationException($"job {Id} trained a model that is not a {typeof(TModel).Name}");
    }

    /// <summary>Stops the job, keeping its checkpoints, so <see cref="ResumeAsync"/> can continue it.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _control.StopAsync(cancellationToken);

    /// <summary>Resumes a stopped or failed job from its last good checkpoint; the model has the bits of an undisturbed run.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) => _control.ResumeAsync(cancellationToken);

    /// <summary>Deletes the finished job's record and checkpoints.</summary>
    public Task ForgetAsync(CancellationToken cancellationToken = default) => _control.ForgetAsync(cancellationToken);
}
