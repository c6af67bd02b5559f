using System.Text.Json;
using MemoryPack;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Runtime.Jobs;

/// <summary>
/// Whether a submission under an existing job id is that job again (a client's retry) or another one. Two encodings of
/// the same options or plan need not be the same bytes: MemoryPack writes a nullable value type (<c>long?</c>, an enum's
/// <c>?</c>) as its raw memory, padding included, and the padding is whatever the stack held (Cysharp/MemoryPack#381).
/// So bytes that differ are decoded and compared by content, as JSON of every public property.
/// </summary>
internal static class SubmissionDifference
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What sets <paramref name="b"/> apart from <paramref name="a"/>, or null for the same job.</summary>
    public static string? Of(JobSubmission a, JobSubmission b, WireTypeRegistry wire) =>
        a.JobType != b.JobType ? $"another algorithm ({a.JobType})"
        : !Same(a.Job, b.Job, bytes => wire.Decode<ITrainingJob>(new WirePayload(a.JobType, bytes))) ? $"other options ({a.Job.Length} bytes of them, {b.Job.Length} submitted now)"
        : !Same(a.Plan, b.Plan, bytes => MemoryPackSerializer.Deserialize<DatasetPlan>(bytes)) ? $"other data ({a.Plan.Length} bytes of plan, {b.Plan.Length} submitted now)"
        : null;

    private static bool Same(byte[] a, byte[] b, Func<byte[], object?> decode)
    {
        if (a.AsSpan().SequenceEqual(b))
        {
            return true;
        }

        try
        {
            return Json(decode(a)) is { } left && left == Json(decode(b));
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or MemoryPackSerializationException or InvalidOperationException or ArgumentException)
        {
            return false; // content that cannot be compared is taken as other content: a refusal the client can act on
        }
    }

    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Canonical);
}
