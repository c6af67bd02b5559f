using System.Globalization;
using System.Text;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>A temporary directory of data files for one test, deleted with the instance.</summary>
public sealed class DataDirectory : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("shardml-algorithms-").FullName;

    /// <summary>Writes a CSV with a header; every feature is written, zeros included, and the label comes last.</summary>
    public string WriteCsv(string name, Table table)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', table.FeatureNames));
        if (table.Labels is not null)
        {
            text.Append(',').Append(table.LabelName);
        }

        text.Append('\n');
        for (var i = 0; i < table.Count; i++)
        {
            text.AppendJoin(',', table.Rows[i].Select(Format));
            if (table.Labels is { } labels)
            {
                text.Append(',').Append(Format(labels[i]));
            }

            text.Append('\n');
        }

        return Write(name, text.ToString());
    }

    /// <summary>Writes a CSV whose label column holds class names: row i's label is <paramref name="classNames"/>[(int)Labels[i]].</summary>
    public string WriteClassCsv(string name, Table table, IReadOnlyList<string> classNames)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', table.FeatureNames)).Append(',').Append(table.LabelName).Append('\n');
        for (var i = 0; i < table.Count; i++)
        {
            text.AppendJoin(',', table.Rows[i].Select(Format)).Append(',').Append(classNames[(int)table.Labels![i]]).Append('\n');
        }

        return Write(name, text.ToString());
    }

    /// <summary>Writes LibSVM: the label, then <c>index:value</c> for the non-zero features only (1-based).</summary>
    public string WriteLibSvm(string name, Table table)
    {
        var text = new StringBuilder();
        for (var i = 0; i < table.Count; i++)
        {
            text.Append(Format(table.Labels![i]));
            for (var j = 0; j < table.Dimension; j++)
            {
                if (table.Rows[i][j] != 0)
                {
                    text.Append(' ').Append(j + 1).Append(':').Append(Format(table.Rows[i][j]));
                }
            }

            text.Append('\n');
        }

        return Write(name, text.ToString());
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(_path, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Plans <paramref name="path"/> into <paramref name="partitions"/> partitions and loads them in memory.</summary>
    public static Task<InMemoryExecutor> LoadAsync(string path, int partitions, bool hasLabel = true, bool categorical = false) =>
        InMemoryExecutor.LoadAsync(
            DatasetPlanner.Plan(new DatasetOptions { Path = path, HasLabel = hasLabel, CategoricalLabel = categorical }, partitions), CancellationToken.None);

    public void Dispose() => Directory.Delete(_path, recursive: true);

    /// <summary>The shortest text that parses back to the same float.</summary>
    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
