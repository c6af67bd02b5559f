namespace ShardML.Core.Execution;

/// <summary>
/// A step was asked to run when only totals may leave a node (secure aggregation), but its summary is not a sum: it
/// would send rows or per-partition values to the driver. Deterministic: running it again anywhere is refused again.
/// </summary>
public sealed class TotalsOnlyRefusedException : InvalidOperationException
{
    public TotalsOnlyRefusedException()
    {
    }

    public TotalsOnlyRefusedException(string message)
        : base(message)
    {
    }

    public TotalsOnlyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TotalsOnlyRefusedException(string step, string summary)
        : base($"step {step} returns {summary}, which is not a sum: under secure aggregation only totals may leave a silo, so it cannot run")
    {
        Step = step;
    }

    /// <summary>The refused step's type name.</summary>
    public string? Step { get; }
}
