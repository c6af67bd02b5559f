using MemoryPack;
using ShardML.Algorithms;
using ShardML.Algorithms.LinearModels;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;
using ShardML.Runtime.Jobs;

namespace ShardML.Runtime.Tests.Jobs;

public sealed class SubmissionDifferenceTests : IDisposable
{
    private static readonly WireTypeRegistry Wire = new(AlgorithmCatalog.WireTypes);
    private static readonly LinearModelOptions Options = new() { Loss = LossKind.Squared, Solver = LinearSolver.GradientDescent, L2 = 0.1 };
    private readonly SampleFiles _files = new();

    [Fact]
    public void A_plan_whose_nullable_padding_holds_other_bytes_is_the_same_plan()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);
        var bytes = MemoryPackSerializer.Serialize(plan);
        // Where the schema's TrainedWith (MissingValues?, written as its raw 8 bytes) starts: the first byte that a
        // value there changes. Its three bytes after the has-value flag are padding, which MemoryPack copies from memory.
        var flag = bytes.AsSpan().CommonPrefixLength(MemoryPackSerializer.Serialize(WithTrainedWith(plan, MissingValues.Mean)));
        var garbled = (byte[])bytes.Clone();
        garbled.AsSpan(flag + 1, 3).Fill(0xAB);

        Assert.NotEqual(bytes, garbled);
        Assert.Null(MemoryPackSerializer.Deserialize<DatasetPlan>(garbled)!.Schema.TrainedWith);
        Assert.Null(SubmissionDifference.Of(Submission(Options, bytes), Submission(Options, garbled), Wire));
    }

    [Fact]
    public void Other_data_and_other_options_are_told_apart()
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 4);
        var fewer = DatasetPlanner.Plan(new DatasetOptions { Path = _files.Blobs() }, 3);
        var same = Submission(Options, MemoryPackSerializer.Serialize(plan));

        Assert.Null(SubmissionDifference.Of(same, Submission(Options, MemoryPackSerializer.Serialize(plan)), Wire));
        Assert.StartsWith("other data", SubmissionDifference.Of(same, Submission(Options, MemoryPackSerializer.Serialize(fewer)), Wire));
        Assert.StartsWith("other options", SubmissionDifference.Of(same, Submission(Options with { L2 = 0.5 }, MemoryPackSerializer.Serialize(plan)), Wire));
    }

    public void Dispose() => _files.Dispose();

    private static DatasetPlan WithTrainedWith(DatasetPlan plan, MissingValues missing)
    {
        var schema = plan.Schema with { TrainedWith = missing };
        return new DatasetPlan(schema, [.. plan.Partitions.Select(p => p with { Schema = schema })]);
    }

    private static JobSubmission Submission(LinearModelOptions options, byte[] plan)
    {
        var job = Wire.Encode(new LinearModelJob(options));
        return new JobSubmission(job.TypeName, job.Body, plan, new JobSettings());
    }
}
