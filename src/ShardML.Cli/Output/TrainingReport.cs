using System.Globalization;
using System.Text.Json;
using ShardML.Algorithms.Models;
using ShardML.Runtime.Jobs;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>What <c>train</c> prints and saves when its job ends: the model file, a table (or one JSON document), and what faults cost.</summary>
internal static class TrainingReport
{
    /// <summary>The model as its file holds it (the catalog names its type), for embedding in the JSON report.</summary>
    public static JsonElement ModelJson(TrainedModel model)
    {
        using var document = JsonDocument.Parse(ModelFile.ToJson(model));
        return document.RootElement.GetProperty("model").Clone();
    }

    /// <summary>
    /// Saves the model, or says where it is kept instead: a model that was computed is never lost. The job is not
    /// forgotten when this fails (JobRunner forgets only a model delivered), so its record keeps the model for another
    /// --out; when even the record could not be saved (the state store is on the same full disk), a copy goes to the
    /// temporary directory.
    /// </summary>
    private static async Task SaveAsync(TrainedModel model, FileInfo output, JobStatusReport status, CancellationToken cancellationToken)
    {
        try
        {
            await ModelFile.SaveAsync(model, output.FullName, cancellationToken);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var failed = $"the model could not be written to {output.FullName} ({e.Message})";
            if (status.Unsaved is null)
            {
                throw new Commands.OutputWriteException($"{failed}; job {status.JobId} keeps it: save it with shardml train --resume {status.JobId} --out FILE", e);
            }

            var rescue = Path.Combine(Path.GetTempPath(), $"shardml-{status.JobId}.model.json");
            try
            {
                await ModelFile.SaveAsync(model, rescue, cancellationToken);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                throw new Commands.OutputWriteException($"{failed}, nor kept by its job ({status.Unsaved}), nor in {rescue} ({again.Message}): the model is lost; free some space and train again", e);
            }

            throw new Commands.OutputWriteException($"{failed}, nor kept by its job ({status.Unsaved}); it was saved to {rescue} instead", e);
        }
    }

    public static async Task WriteAsync(
        Reporter reporter, JobStatusReport status, string algorithm, string? dataPath, FileInfo? output, string cluster, CancellationToken cancellationToken)
    {
        if (status.Status != JobStatus.Succeeded)
        {
            throw status.Status == JobStatus.Stopped
                ? new Commands.Jobs.JobStoppedException($"job {status.JobId} was stopped; resume it with shardml train --resume {status.JobId} --out FILE")
                : new JobFailedException(status.JobId, status.ErrorKind, status.Error ?? $"job {status.JobId} ended as {status.Status}");
        }

        var model = ModelFile.FromJson(status.ModelJson!, $"job {status.JobId}");
        var metrics = status.Metrics ?? new Dictionary<string, double>();
        var confusion = status.DetailsJson is { } details ? JsonSerializer.Deserialize<ConfusionReport>(details) : null;
        if (output is not null)
        {
            await SaveAsync(model, output, status, cancellationToken);
        }

        var statistics = status.Statistics;
        if (reporter.Json)
        {
            reporter.Document(new
            {
                command = "train",
                algorithm,
                jobId = status.JobId,
                data = dataPath,
                rows = model.Summary.Rows,
                features = model.FeatureNames.Length,
                partitions = model.Summary.Partitions,
                modelPath = output?.FullName,
                iterations = model.Summary.Iterations,
                converged = model.Summary.Converged,
                seconds = model.Summary.Seconds,
                finalLoss = model.Summary.FinalLoss,
                lossHistory = model.Summary.LossHistory,
                metrics, // the training rows' (kept under this name for scripts written before trainingMetrics)
                trainingMetrics = metrics,
                validation = model.Summary.Validation,
                crossValidation = model.Summary.CrossValidation,
                tuning = model.Summary.Tuning,
                notes = model.Summary.Notes,
                confusionMatrix = confusion,
                communication = model.Summary.Communication,
                privacy = model.Summary.Privacy,
                execution = new
                {
                    statistics.Passes,
                    statistics.BytesSent,
                    statistics.BytesReceived,
                    statistics.WallSeconds,
                    statistics.ComputeSeconds,
                    statistics.CoordinationSeconds,
                    statistics.ReloadedPartitions,
                    statistics.Retries,
                    statistics.Speculations,
                    statistics.RecoverySeconds,
                    cluster,
                    statistics.OmittedPasses,
                    perPass = statistics.PerPass,
                },
                job = new
                {
                    status.Starts,
                    status.ResumedFromIteration,
                    status.Checkpoints,
                    status.CheckpointBytes,
                    status.LastCheckpointIteration,
                    status.LastCheckpointBytes,
                    status.RecoverySeconds,
                    status.DriverSilo,
                    notes = status.Notes,
                },
                model = ModelJson(model),
            });
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("data", $"{model.Summary.Rows:N0} rows × {model.FeatureNames.Length} features in {model.Summary.Partitions} partitions");
        table.AddRow(
            "iterations",
            model.Summary.Privacy is { } spent ? $"{model.Summary.Iterations:N0} {(spent.Mechanism == "adassp" ? "pass" : spent.Mechanism == "dp-lloyd" ? "noisy iterations" : "noisy steps")}, as the privacy budget plans"
            : $"{model.Summary.Iterations}{(model.Summary.Converged ? " (converged)" : " (not converged)")}");
        foreach (var (name, value) in metrics)
        {
            table.AddRow(Markup.Escape(EvaluationTables.Training(name)), value.ToString("G8", CultureInfo.InvariantCulture));
        }

        if (model.Summary.RelativeDualityGap is { } gap)
        {
            table.AddRow("relative duality gap", gap.ToString("G3", CultureInfo.InvariantCulture));
        }

        if (model.Summary.Privacy is { } privacy)
        {
            table.AddRow(
                "differential privacy",
                Markup.Escape(privacy.Describe() + (privacy.TestSeed ? "; TEST SEED: not private" : string.Empty)));
        }

        if (model.Summary.Communication is { } communication)
        {
            table.AddRow("synchronization rounds", $"{communication.Rounds:N0} ({communication.RoundsSaved:N0} saved by {communication.LocalStepsPerRound} local steps, ~{communication.BytesSaved / 1e6:F1} MB)");
        }

        table.AddRow("training time", $"{model.Summary.Seconds:F3} s");
        if (statistics.Retries + statistics.Speculations + statistics.ReloadedPartitions > 0 || status.Starts > 1)
        {
            table.AddRow("recovery", $"{statistics.Retries} retries, {statistics.Speculations} speculative copies, {statistics.ReloadedPartitions} partitions reloaded, {status.Starts - 1} driver restarts, {status.RecoverySeconds:F2} s");
        }

        if (status.Checkpoints > 0)
        {
            table.AddRow("checkpoints", $"{status.Checkpoints} ({status.CheckpointBytes / 1024.0:F1} KiB in all, {status.LastCheckpointBytes / 1024.0:F1} KiB the last)");
        }

        reporter.Console.Write(table);
        if (confusion is not null)
        {
            reporter.Console.Write(ConfusionTable.Build(confusion));
        }

        EvaluationTables.Write(reporter, model.Summary);

        foreach (var note in model.Summary.Notes.Concat(status.Notes))
        {
            reporter.Line($"[yellow]note:[/] {Markup.Escape(OptionNames.ToFlags(note))}");
        }

        reporter.Line(output is null ? "[yellow]model not saved: pass --out FILE to keep it[/]" : $"model saved to [green]{Markup.Escape(output.FullName)}[/]");
    }
}
