using MemoryPack;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Evaluation;

/// <summary>
/// Any algorithm's job trained with a fraction of the rows held out (<c>ValidationFraction</c>): the algorithm runs
/// unchanged on the training rows (<see cref="RowSubsetExecutor"/>), then the model is measured on the held-out rows.
/// Which rows are held out depends only on the seed and the rows' numbers (<see cref="RowSubset"/>), so the split is
/// the same under any partitioning, and a resumed job splits as the first run did: the algorithm's own checkpoints
/// apply as they are.
/// </summary>
[MemoryPackable]
public sealed partial class ValidatedJob : ITrainingJob
{
    private ITrainingJob? _inner;

    [MemoryPackConstructor]
    public ValidatedJob(string innerType, byte[] innerBody, double fraction, ulong seed)
    {
        InnerType = innerType;
        InnerBody = innerBody;
        Fraction = fraction is > 0 and < 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "`ValidationFraction` is between 0 and 1, both excluded");
        Seed = seed;
    }

    public ValidatedJob(ITrainingJob inner, double fraction, ulong seed)
        : this(NestedWire.NameOf(inner), NestedJobs.Encode([inner]).Bodies[0], fraction, seed)
    {
        _inner = inner;
    }

    public string InnerType { get; }

    public byte[] InnerBody { get; }

    /// <summary>The fraction of rows held out.</summary>
    public double Fraction { get; }

    /// <summary>The split's key.</summary>
    public ulong Seed { get; }

    /// <summary>The algorithm's job.</summary>
    [MemoryPackIgnore]
    public ITrainingJob Inner => _inner ??= NestedWire.Decode<ITrainingJob>(InnerType, InnerBody);

    public async Task<JobOutcome> RunAsync(IPartitionExecutor executor, JobContext context, CancellationToken cancellationToken)
    {
        NestedJobs.RequireClear(executor, "`ValidationFraction`");
        var training = await RowSubsetExecutor.CreateAsync(executor, RowSubset.Training(Seed, Fraction), "training split", cancellationToken);
        var validation = await RowSubsetExecutor.CreateAsync(executor, RowSubset.Validation(Seed, Fraction), "validation split", cancellationToken);
        var outcome = await Inner.RunAsync(training, context, cancellationToken);
        var model = ModelFile.FromJson(outcome.ModelJson, "the trained model");
        NestedJobs.RequireNotPrivate(model, "`ValidationFraction`");
        var evaluation = await validation.RunAsync(model.CreateEvaluateStep(validation.Dataset.Schema), cancellationToken);
        var metrics = model.Metrics(evaluation);
        var report = new ValidationReport(Fraction, Seed, training.Dataset.TotalRows, validation.Dataset.TotalRows, metrics);
        model = model with { Summary = model.Summary with { Validation = report } };
        await training.DropAsync(cancellationToken);
        await validation.DropAsync(cancellationToken);
        return outcome with { ModelJson = ModelFile.ToJson(model) }; // the metrics and details stay the training rows', as labelled
    }

    public DatasetOptions DataFor(DatasetOptions data) => Inner.DataFor(data);

    public IReadOnlyList<System.Reflection.MethodBase> Kernels() => Inner.Kernels();
}
