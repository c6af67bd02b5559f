using System.CommandLine;
using ShardML.Algorithms.Models;
using ShardML.Cli.Commands.Jobs;
using ShardML.Cli.Engine;
using ShardML.Cli.Help;
using ShardML.Cli.Output;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands.Train;

/// <summary>
/// What every <c>train</c> subcommand does around its algorithm: plan the data on the cluster, submit the training
/// job (whose driver runs on a silo and checkpoints as it goes), follow it with a progress bar, then save the model
/// and report. The subcommands only say which job to run and how it reads its data. A concrete subclass is found by
/// <see cref="TrainCommands"/> and must name a command of the algorithm catalog.
/// </summary>
internal abstract class TrainCommandBase : ShardCommand
{
    protected TrainCommandBase(string name, string description, CommonOptions common)
        : base(name, description, common.Json)
    {
        Common = common;
        common.AddTo(this);
        common.AddPreprocessingTo(this);
        Options.Add(Out);
        Options.Add(Plots);
        Jobs.AddTo(this);
        Jobs.AddSecureAggregationTo(this);
    }

    protected CommonOptions Common { get; }

    protected JobOptions Jobs { get; } = new();

    /// <summary>Held-out rows, cross-validation or a search around the job (<c>train</c>, <c>cv</c>, <c>tune</c>).</summary>
    internal Evaluation.EvaluationOptionSet Evaluation { get; set; } = new(Cli.Commands.Evaluation.TrainMode.Train);

    protected Option<FileInfo?> Out { get; } = new Option<FileInfo?>("--out", "-o") { Description = "Where to save the model (JSON)" }.InGroup(OptionGroup.Output);

    protected Option<DirectoryInfo?> Plots { get; } = new Option<DirectoryInfo?>("--plots")
    {
        Description = "Also write the model's plots on the training data into this directory (PNG and SVG; see 'shardml plot')",
    }.InGroup(OptionGroup.Output);

    protected Option<int?> MaxIterations { get; } = new Option<int?>("--max-iter") { Description = "Maximum number of iterations" }.InGroup(OptionGroup.Algorithm);

    protected Option<double?> Tolerance { get; } = new Option<double?>("--tol") { Description = "Convergence tolerance" }.InGroup(OptionGroup.Algorithm);

    /// <summary>The subcommand's name: a command of <see cref="Algorithms.AlgorithmCatalog"/>.</summary>
    public string Algorithm => Name;

    /// <summary>The data options with what this algorithm needs of the label.</summary>
    protected abstract DatasetOptions DataOptions(ParseResult parse);

    protected abstract int IterationBudget(ParseResult parse);

    /// <summary>The job to run; <paramref name="schema"/> is the planned dataset's (features known, for CSV).</summary>
    protected abstract ITrainingJob CreateJob(ParseResult parse, DatasetSchema schema);

    protected sealed override async Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken)
    {
        var data = Common.WithPreprocessing(parse, DataOptions(parse));
        if (parse.GetValue(Out) is { } output)
        {
            OutputPath.Check("--out", output, ("--data", parse.GetValue(Common.Data)));
        }

        var plots = parse.GetValue(Plots) is { } directory ? PlotDirectory.Check("--plots", directory) : null;

        var settings = Jobs.Settings(parse) with { Algorithm = Algorithm };
        if (settings.Executor.SecureAggregation != Runtime.SecureAggregationMode.None && parse.GetValue(Common.Connection.Insecure))
        {
            throw new UsageException("--secure-aggregation needs the cluster's mutual TLS, whose certificates sign the silos' masking keys: drop --insecure and pass --certs");
        }

        var connection = Common.Connection.Connection(parse, "client");
        await using var session = await EngineSession.OpenAsync(
            connection, Common.Verbosity(parse), cancellationToken, Jobs.EmbeddedState(parse), parse.GetValue(Jobs.EnableChaos));
        // The client's own retries (planning, submitting, following the driver) wait as long as the job's passes, and at
        // least the default: a driver lost with its silo takes about 20 s to come back, whatever a job allows its passes.
        var defaults = new Runtime.ClusterExecutorOptions();
        session.Cluster.ExecutorOptions = settings.Executor with { RecoveryTimeout = settings.Executor.RecoveryTimeout > defaults.RecoveryTimeout ? settings.Executor.RecoveryTimeout : defaults.RecoveryTimeout };
        var plan = await session.PlanAsync(data, parse.GetValue(Common.Partitions), cancellationToken);
        var job = Evaluation.Job(parse, p => CreateJob(p, plan.Schema), parse.GetValue(Common.Seed), refit: parse.GetValue(Out) is not null);
        var jobId = Jobs.NewJobId(parse, Algorithm);
        reporter.Line($"[grey]job {jobId}: {Algorithm} on {plan.Partitions.Count} partitions of {Spectre.Console.Markup.Escape(data.Path)}[/]");
        await session.Cluster.SubmitAsync(jobId, job, plan, settings, CancellationToken.None); // once asked for, the job is followed (and stopped on Ctrl-C) below

        var status = await JobRunner.FollowAsync(session, jobId, reporter, $"{Evaluation.Verb} {Algorithm}", IterationBudget(parse), cancellationToken);
        await JobRunner.FinishAsync(
            session,
            status,
            () => TrainingReport.WriteAsync(reporter, status, Algorithm, data.Path, parse.GetValue(Out), session.Cluster.Description, cancellationToken),
            reporter,
            cancellationToken);
        if (plots is not null && status.ModelJson is { } json)
        {
            // The job's driver loaded the data for itself; the plots' passes load it again, as 'shardml plot' would.
            var model = ModelFile.FromJson(json, $"job {jobId}");
            if (model.Summary.Privacy is not null)
            {
                // Metrics and samples of the training rows would reveal them beyond what the privacy budget accounts for.
                reporter.Line("[yellow]no plots: a private model is not measured on its training rows; plot it on held-out data with 'shardml plot'[/]");
                return ExitCodes.Success;
            }

            await session.LoadAsync(model.DataFor(data, model.EvaluationNeedsLabel), parse.GetValue(Common.Partitions), null, cancellationToken);
            await PlotReport.WriteAsync(reporter, model, session.Executor, plots, cancellationToken);
        }

        return ExitCodes.Success;
    }
}
