namespace ShardML.Testing;

/// <summary>The datasets that ship in the repository's samples/ folder, and a scratch directory.</summary>
public sealed class Samples : IDisposable
{
    public Samples()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "samples")))
        {
            directory = directory.Parent;
        }

        Root = directory?.FullName ?? throw new InvalidOperationException("samples/ not found above the test binaries");
    }

    public string Root { get; }

    public string Scratch { get; } = Directory.CreateTempSubdirectory("shardml-test-").FullName;

    public string Blobs => Path.Combine(Root, "samples", "blobs.csv");

    public string Housing => Path.Combine(Root, "samples", "housing.csv");

    public string SparseRegression => Path.Combine(Root, "samples", "sparse-regression.svm");

    /// <summary>Binary classification: 4 features, label 'churned' = yes/no.</summary>
    public string Churn => Path.Combine(Root, "samples", "churn.csv");

    /// <summary>Three classes: 4 features, label 'species' = Adelie/Chinstrap/Gentoo.</summary>
    public string Penguins => Path.Combine(Root, "samples", "penguins.csv");

    public string In(string name) => Path.Combine(Scratch, name);

    public string Write(string name, string content)
    {
        var path = In(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Scratch, recursive: true);
}
