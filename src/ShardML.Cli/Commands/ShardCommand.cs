using System.CommandLine;
using ShardML.Cli.Output;
using ShardML.Core.Data;

namespace ShardML.Cli.Commands;

/// <summary>
/// Base of every command: runs <see cref="ExecuteAsync"/> and turns each kind of failure into its exit code and
/// a clear message (a JSON error document with <c>--json</c>). No partial output is left behind on failure.
/// </summary>
internal abstract class ShardCommand : Command
{
    private readonly Option<bool> _json;

    protected ShardCommand(string name, string description, Option<bool> json)
        : base(name, description)
    {
        _json = json;
        SetAction(InvokeAsync);
    }

    /// <summary>The standard output and error the command writes to; tests replace them.</summary>
    public static TextWriter StandardOutput { get; set; } = Console.Out;

    public static TextWriter StandardError { get; set; } = Console.Error;

    protected abstract Task<int> ExecuteAsync(ParseResult parse, Reporter reporter, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var reporter = new Reporter(parse.GetValue(_json), StandardOutput, StandardError);
        try
        {
            return await ExecuteAsync(parse, reporter, cancellationToken);
        }
        catch (DataFormatException e)
        {
            return Fail(reporter, ExitCodes.DataError, "data", OptionNames.ToFlags(e.Message));
        }
        catch (UsageException e)
        {
            return Fail(reporter, ExitCodes.Usage, "usage", e.Message);
        }
        catch (Core.Execution.TrainingDivergedException e)
        {
            return Fail(reporter, ExitCodes.Diverged, "diverged", OptionNames.ToFlags(e.Message));
        }
        catch (ArgumentException e)
        {
            return Fail(reporter, ExitCodes.Usage, "usage", OptionNames.ToFlags(Runtime.Jobs.JobErrors.WithoutParameter(e)));
        }
        catch (Exception e) when (e is ModelMismatchException or FeatureMismatchException or InvalidDataException or FileNotFoundException)
        {
            return Fail(reporter, ExitCodes.ModelError, "model", e.Message);
        }
        catch (Runtime.ClusterUnavailableException e)
        {
            return Fail(reporter, ExitCodes.ClusterError, "cluster", e.Message);
        }
        catch (Runtime.ClusterCapacityException e)
        {
            return Fail(reporter, ExitCodes.ClusterError, "cluster", OptionNames.ToFlags(e.Message));
        }
        catch (Runtime.Security.AccessDeniedException e)
        {
            return Fail(reporter, ExitCodes.Refused, "refused", OptionNames.ToFlags(e.Message));
        }
        catch (Runtime.Jobs.JobFailedException e)
        {
            var (code, kind) = e.Kind switch
            {
                Runtime.Jobs.JobErrorKind.Data => (ExitCodes.DataError, "data"),
                Runtime.Jobs.JobErrorKind.FeatureMismatch => (ExitCodes.ModelError, "model"),
                Runtime.Jobs.JobErrorKind.InvalidOptions => (ExitCodes.Usage, "usage"),
                Runtime.Jobs.JobErrorKind.Cluster => (ExitCodes.ClusterError, "cluster"),
                Runtime.Jobs.JobErrorKind.Refused => (ExitCodes.Refused, "refused"),
                Runtime.Jobs.JobErrorKind.Diverged => (ExitCodes.Diverged, "diverged"),
                _ => (ExitCodes.Failure, "failure"),
            };
            return Fail(reporter, code, kind, OptionNames.ToFlags(e.Message));
        }
        catch (OutputWriteException e)
        {
            return Fail(reporter, ExitCodes.Failure, "output", e.Message);
        }
        catch (Runtime.Jobs.JobStateUnavailableException e)
        {
            return Fail(reporter, ExitCodes.Failure, "state", e.Message);
        }
        catch (Jobs.JobStoppedException e)
        {
            return Fail(reporter, ExitCodes.Cancelled, "cancelled", e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The machine's trouble (a full disk, a lost mount, a permission), not a bug: the system's message names the file.
            return Fail(reporter, ExitCodes.Failure, "io", e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(reporter, ExitCodes.Cancelled, "cancelled", "interrupted; no model was written");
        }
        catch (Exception e)
        {
            return Fail(reporter, ExitCodes.Failure, "failure", e.ToString());
        }
    }

    private static int Fail(Reporter reporter, int code, string kind, string message)
    {
        reporter.Error(message);
        if (reporter.Json)
        {
            reporter.Document(new { error = new { kind, message }, exitCode = code });
        }

        return code;
    }
}
