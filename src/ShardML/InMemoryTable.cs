using System.Globalization;
using System.Reflection;
using ShardML.Core.Data;
using ShardML.Core.Data.Shard;

namespace ShardML;

/// <summary>Rows given in memory, checked and written as a <c>.shard</c> file: the lineage a partition reloads from.</summary>
internal sealed class InMemoryTable
{
    private InMemoryTable(string[] features, float[] values, int rows)
    {
        Features = features;
        Values = values;
        Rows = rows;
    }

    public string[] Features { get; }

    /// <summary>Row-major, <see cref="Features"/>.Length per row.</summary>
    public float[] Values { get; }

    public int Rows { get; }

    public string? LabelName { get; private init; }

    public float[]? Labels { get; private init; }

    /// <summary>The class names when the label is categorical; <see cref="Labels"/> then holds codes into it.</summary>
    public string[]? Classes { get; private init; }

    public static InMemoryTable FromRows(float[][] rows, string[]? featureNames)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0)
        {
            throw new ArgumentException("no rows were given", nameof(rows));
        }

        var d = rows[0]?.Length ?? 0;
        var names = featureNames ?? Enumerable.Range(1, d).Select(j => "x" + j.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (d == 0 || names.Length != d)
        {
            throw new ArgumentException(d == 0 ? "a row has no features" : $"{names.Length} feature names for rows of {d} features", nameof(featureNames));
        }

        var values = new float[rows.Length * d];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (row is null || row.Length != d)
            {
                throw new ArgumentException($"row {i} has {row?.Length ?? 0} features; row 0 has {d}", nameof(rows));
            }

            for (var j = 0; j < d; j++)
            {
                if (!float.IsFinite(row[j]))
                {
                    throw new ArgumentException($"row {i}, feature '{names[j]}': {row[j]} is not a finite number", nameof(rows));
                }
            }

            row.CopyTo(values, i * d);
        }

        return new InMemoryTable(names, values, rows.Length);
    }

    public static InMemoryTable FromObjects<T>(IEnumerable<T> items, string? label)
    {
        ArgumentNullException.ThrowIfNull(items);
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        var labelProperty = label is null ? null : properties.FirstOrDefault(p => p.Name == label)
            ?? throw new ArgumentException($"{typeof(T).Name} has no public property '{label}'; it has {string.Join(", ", properties.Select(p => p.Name))}", nameof(label));
        var features = properties.Where(p => p != labelProperty && IsNumeric(p.PropertyType)).ToArray();
        if (features.Length == 0)
        {
            throw new ArgumentException($"{typeof(T).Name} has no public numeric or boolean property to use as a feature", nameof(items));
        }

        var rows = new List<float[]>();
        var numericLabels = new List<float>();
        var classLabels = new List<string>();
        var categorical = labelProperty is not null && !IsNumeric(labelProperty.PropertyType) || labelProperty?.PropertyType == typeof(bool);
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            rows.Add([.. features.Select(p => ToFloat(p.GetValue(item), p.Name, rows.Count))]);
            if (labelProperty is not null)
            {
                var value = labelProperty.GetValue(item);
                if (categorical)
                {
                    classLabels.Add(Convert.ToString(value, CultureInfo.InvariantCulture) ?? throw new ArgumentException($"row {rows.Count - 1}: the label '{label}' is null", nameof(items)));
                }
                else
                {
                    numericLabels.Add(ToFloat(value, label!, rows.Count - 1));
                }
            }
        }

        var table = FromRows([.. rows], [.. features.Select(p => p.Name)]);
        return labelProperty is null ? table
            : categorical ? table.WithClassLabel([.. classLabels], label!)
            : table.WithNumericLabel([.. numericLabels], label!);
    }

    public InMemoryTable WithNumericLabel(float[] labels, string name)
    {
        CheckLabelCount(labels.Length);
        var bad = Array.FindIndex(labels, l => !float.IsFinite(l));
        return bad >= 0
            ? throw new ArgumentException($"row {bad}: the label {labels[bad]} is not a finite number", nameof(labels))
            : new InMemoryTable(Features, Values, Rows) { LabelName = name, Labels = labels };
    }

    public InMemoryTable WithClassLabel(string[] classes, string name)
    {
        CheckLabelCount(classes.Length);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new float[classes.Length];
        for (var i = 0; i < classes.Length; i++)
        {
            var value = classes[i] ?? throw new ArgumentException($"row {i}: the class is null", nameof(classes));
            if (!vocabulary.TryGetValue(value, out var code))
            {
                code = vocabulary.Count;
                vocabulary.Add(value, code);
            }

            codes[i] = code;
        }

        return new InMemoryTable(Features, Values, Rows) { LabelName = name, Labels = codes, Classes = [.. vocabulary.Keys] };
    }

    /// <summary>Writes the rows under <paramref name="directory"/> as a new <c>.shard</c> file, and describes it.</summary>
    public DataSource Stage(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"data-{Guid.NewGuid():N}.shard");
        using (var writer = new ShardFileWriter(path, new ShardMetadata(Features, LabelName, Classes), Labels is not null))
        {
            writer.Append(Values, Labels ?? []);
            writer.Complete();
        }

        return new DataSource(new DatasetOptions { Path = path, Format = DataFormat.Shard, Label = LabelName });
    }

    private void CheckLabelCount(int labels)
    {
        if (labels != Rows)
        {
            throw new ArgumentException($"{labels} labels for {Rows} rows");
        }
    }

    private static bool IsNumeric(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(float) || t == typeof(double) || t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
            || t == typeof(decimal) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte) || t == typeof(bool);
    }

    private static float ToFloat(object? value, string name, int row) => value switch
    {
        null => throw new ArgumentException($"row {row}: '{name}' is null; a missing value needs a value here", nameof(value)),
        bool b => b ? 1f : 0f,
        _ => Convert.ToSingle(value, CultureInfo.InvariantCulture),
    };
}
