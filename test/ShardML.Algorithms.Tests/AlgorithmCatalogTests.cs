using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Svm;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Data;
using ShardML.Core.Execution;
using ShardML.Core.Metrics;

namespace ShardML.Algorithms.Tests;

public sealed class AlgorithmCatalogTests
{
    private readonly WireTypeRegistry _registry = new(AlgorithmCatalog.WireTypes);

    /// <summary>One instance of every wire type, every member set to a value other than its default.</summary>
    public static TheoryData<string> Names => [.. Samples().Select(s => s.GetType().Name)];

    [Fact]
    public void Every_registered_type_has_a_sample_here_and_every_sample_is_registered()
    {
        Assert.Equal(
            AlgorithmCatalog.WireTypes.Select(t => t.FullName).Order(),
            Samples().Select(s => s.GetType().FullName).Order());
    }

    [Fact]
    public void Every_step_summary_and_job_of_the_algorithms_is_in_the_catalog_once()
    {
        var wire = typeof(AlgorithmCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && (typeof(IPartitionStep).IsAssignableFrom(t) || typeof(ISummary).IsAssignableFrom(t) || typeof(ITrainingJob).IsAssignableFrom(t)))
            .Select(t => t.FullName)
            .Order();

        Assert.Equal(wire, AlgorithmCatalog.WireTypes.Except(DataWireTypes.All).Select(t => t.FullName).Order());
        Assert.All(DataWireTypes.All, t => Assert.Contains(t, AlgorithmCatalog.SharedWireTypes));
        Assert.Equal(AlgorithmCatalog.WireTypes.Count, AlgorithmCatalog.WireTypes.Distinct().Count());
    }

    [Fact]
    public void Every_concrete_model_has_one_json_name_and_every_command_one_algorithm()
    {
        var models = typeof(AlgorithmCatalog).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(TrainedModel))).Select(t => t.FullName).Order();

        Assert.Equal(models, AlgorithmCatalog.ModelKinds.Select(k => k.Type.FullName).Order());
        Assert.Equal(AlgorithmCatalog.ModelKinds.Count, AlgorithmCatalog.ModelKinds.Select(k => k.JsonName).Distinct().Count());
        var commands = AlgorithmCatalog.All.SelectMany(a => a.Commands).ToList();
        Assert.Equal(commands.Count, commands.Distinct().Count());
        Assert.All(commands, c => Assert.NotNull(AlgorithmCatalog.ForCommand(c)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Round_trips_through_the_wire_registry_to_the_same_value_and_bytes(string name)
    {
        var sample = Samples().Single(s => s.GetType().Name == name);

        var payload = _registry.Encode(sample);
        var decoded = _registry.Decode<object>(payload);
        var again = _registry.Encode(decoded);

        Assert.Equal(WireTypeRegistry.NameOf(sample.GetType()), payload.TypeName);
        Structural.AssertEqual(sample, decoded, name);
        Assert.Equal(payload.TypeName, again.TypeName);
        Assert.Equal(payload.Body, again.Body);
    }

    [Fact]
    public void A_decoded_summary_still_merges()
    {
        var lower = new LloydSummary([1, 2], [1], 0.5, KMeans.KMeansWireSamples.Farthest(2, (0.5, 0, [1f, 2f])));
        var higher = _registry.Decode<LloydSummary>(_registry.Encode(new LloydSummary([3, 4], [2], 1.5, KMeans.KMeansWireSamples.Farthest(2, (2.5, 7, [3f, 4f])))));

        var merged = lower.Merge(higher);

        Assert.Equal(new[] { 4.0, 6.0 }, merged.Sums);
        Assert.Equal(new[] { 3L }, merged.Counts);
        Assert.Equal(2.0, merged.Inertia);
        Assert.Equal(new[] { 7L, 0L }, merged.Farthest.GlobalRows);
    }

    /// <summary>Every algorithm's samples, from the <see cref="IWireSamples"/> its test folder declares.</summary>
    private static IEnumerable<object> Samples() =>
        typeof(AlgorithmCatalogTests).Assembly.GetTypes()
            .Where(t => typeof(IWireSamples).IsAssignableFrom(t) && !t.IsInterface)
            .SelectMany(t => ((IWireSamples)Activator.CreateInstance(t)!).Samples());
}
