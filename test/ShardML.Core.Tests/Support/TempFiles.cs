using ShardML.Core.Data;

namespace ShardML.Core.Tests.Support;

/// <summary>A temporary directory of data files for one test, deleted with the instance.</summary>
public sealed class TempFiles : IDisposable
{
    private readonly string _path = System.IO.Directory.CreateTempSubdirectory("shardml-core-").FullName;

    /// <summary>The path of a file named <paramref name="name"/> in the directory, not yet written.</summary>
    public string PathOf(string name) => Path.Combine(_path, name);

    /// <summary>A new subdirectory.</summary>
    public string Directory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(_path, name)).FullName;

    public string Write(string name, string content)
    {
        var path = Path.Combine(_path, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Plans <paramref name="path"/> and loads every partition, in order.</summary>
    public static Partition[] Load(string path, int partitions, bool hasLabel = true, string? label = null, bool categorical = false)
    {
        var plan = DatasetPlanner.Plan(new DatasetOptions { Path = path, HasLabel = hasLabel, Label = label, CategoricalLabel = categorical }, partitions);
        return plan.Partitions.Select(p => PartitionLoader.Load(p)).ToArray();
    }

    /// <summary>The error loading <paramref name="path"/> raises, from planning or from any partition.</summary>
    public static DataFormatException LoadError(string path, int partitions = 1, bool hasLabel = true, string? label = null, bool categorical = false) =>
        Assert.Throws<DataFormatException>(() => Load(path, partitions, hasLabel, label, categorical));

    /// <summary>Plans <paramref name="options"/> and learns its preprocessing when it asks for some, in memory.</summary>
    public static DatasetPlan Prepare(DatasetOptions options, int partitions) =>
        Task.Run(() => Core.Data.Preprocessing.DatasetPreparation.PrepareAsync(
            DatasetPlanner.Plan(options, partitions),
            async (plan, ct) => await Core.Execution.InMemoryExecutor.LoadAsync(plan, ct),
            CancellationToken.None)).GetAwaiter().GetResult();

    /// <summary>Plans and prepares <paramref name="options"/>, then loads every partition, in order.</summary>
    public static Partition[] LoadPrepared(DatasetOptions options, int partitions) =>
        [.. Prepare(options, partitions).Partitions.Select(p => PartitionLoader.Load(p))];

    public void Dispose() => System.IO.Directory.Delete(_path, recursive: true);
}
