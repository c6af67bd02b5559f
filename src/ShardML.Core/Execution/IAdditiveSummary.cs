namespace ShardML.Core.Execution;

/// <summary>
/// A summary that is a vector of sums — gradients, moments, K-means sums and counts, evaluation counts — so that it can
/// be aggregated without anyone seeing a partition's or a silo's share: each share is written as doubles
/// (<see cref="WriteSums"/>), encoded in fixed point, masked or encrypted, and added up; the driver turns the decoded
/// totals back into a summary of the same type (<see cref="WithSums"/>).
/// </summary>
/// <remarks>
/// The contract, which every implementation's tests check:
/// <list type="bullet">
/// <item><see cref="SumLength"/> depends only on the summary's shape (the step's parameters: k, d, the classes),
/// never on the data, so every partition of a pass writes vectors of one length.</item>
/// <item>Writing is additive: <c>a.Merge(b)</c> writes <c>a</c>'s sums plus <c>b</c>'s, up to floating-point rounding.
/// A summary kept in another form (centered moments merged by Chan's update) writes the raw sums it stands for.</item>
/// <item><c>WithSums(x)</c> builds a new summary of this shape from totals <c>x</c>, reading nothing of this instance
/// but its shape; <c>WithSums(zeros)</c> is therefore a template that carries no data, which a silo sends so the
/// driver knows the type to build. Counts are rounded to integers.</item>
/// <item>Parts of a summary that are not sums (rows, sets of names) are not written and come back empty from
/// <see cref="WithSums"/>; the type documents what its algorithm does without them.</item>
/// </list>
/// </remarks>
public interface IAdditiveSummary : ISummary
{
    /// <summary>How many sums <see cref="WriteSums"/> writes.</summary>
    int SumLength { get; }

    /// <summary>Writes the sums, <see cref="SumLength"/> of them, into <paramref name="destination"/>.</summary>
    void WriteSums(Span<double> destination);

    /// <summary>A new summary of this one's shape whose sums are <paramref name="totals"/>.</summary>
    ISummary WithSums(ReadOnlySpan<double> totals);
}
