using System.Globalization;
using System.Text.Json.Serialization;
using MemoryPack;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// The learned transform from a dataset's input columns to the features a model sees: per column a number (with the
/// value that fills a missing one), a one-hot encoding with its vocabulary, or hashed buckets. Learned in one
/// distributed pass over the training data (<see cref="DatasetPreparation"/>), carried by the
/// <see cref="DatasetSchema"/> so every reader applies it while loading — partitions hold ready float features,
/// dense, or CSR when the encoding is wide and mostly zeros (<see cref="IsSparse"/>) — and stored in the model, so
/// prediction and evaluation encode exactly as training did.
/// </summary>
[MemoryPackable]
public sealed partial record FeaturePipeline
{
    /// <summary>The input columns in order, each with its transform.</summary>
    public required ColumnTransform[] Columns { get; init; }

    /// <summary>What training did with missing values.</summary>
    public MissingValues Missing { get; init; }

    /// <summary>What learning the pipeline decided that the user should know (a column capped, hashed, or like an id); not saved with a model.</summary>
    [JsonIgnore]
    public string[] Notes { get; init; } = [];

    /// <summary>Features in all: the sum of the columns' widths.</summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>The input columns' names, in order.</summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public string[] ColumnNames => [.. Columns.Select(c => c.Name)];

    /// <summary>True when a column is one-hot encoded or hashed.</summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public bool HasCategories => Columns.Any(c => c.Encoding != ColumnEncoding.Number);

    /// <summary>True when the pipeline holds something learned from the data (a vocabulary, a hashing decision, a fill value), not only column names.</summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public bool IsLearned => Columns.Any(c => c.Encoding != ColumnEncoding.Number || c.Fill is not null);

    /// <summary>
    /// Partitions hold CSR rows when at least 64 features are at most a quarter non-zero: a row has at most one
    /// non-zero per column, and CSR's 8 bytes per entry beat 4 per dense value below half full; a quarter leaves room
    /// for the sparse kernels' slower entries.
    /// </summary>
    [JsonIgnore]
    [MemoryPackIgnore]
    public bool IsSparse => Width >= 64 && Columns.Length * 4 <= Width;

    /// <summary>The features' names, in order (<c>age</c>, <c>color=red</c>, <c>color=&lt;other&gt;</c>, <c>city#17</c>).</summary>
    public string[] FeatureNames() => [.. Columns.SelectMany(c => c.FeatureNames())];

    /// <summary>Where each column's features start.</summary>
    public int[] Offsets()
    {
        var offsets = new int[Columns.Length];
        for (var c = 1; c < offsets.Length; c++)
        {
            offsets[c] = offsets[c - 1] + Columns[c - 1].Width;
        }

        return offsets;
    }

    /// <summary>Numeric columns as they are, with nothing learned: what a dataset of numbers that drops missing rows reads with.</summary>
    public static FeaturePipeline Numbers(IEnumerable<string> names, MissingValues missing) =>
        new() { Columns = [.. names.Select(n => new ColumnTransform { Name = n })], Missing = missing };

    /// <summary>
    /// One row of input values (a number as text in the invariant culture; null or a missing spelling for a missing
    /// value) as the features a model takes, for predicting single rows without a cluster. A missing value the pipeline
    /// does not fill is an <see cref="ArgumentException"/>.
    /// </summary>
    public float[] Encode(IReadOnlyList<string?> values)
    {
        if (values.Count != Columns.Length)
        {
            throw new ArgumentException($"the row has {values.Count} values; the model reads {Columns.Length} columns ({string.Join(", ", ColumnNames)})", nameof(values));
        }

        var rows = new PipelineRows(this, Missing == MissingValues.Drop ? MissingValues.Error : Missing, 1);
        for (var c = 0; c < Columns.Length; c++)
        {
            var text = values[c];
            string? problem;
            if (text is null || MissingCells.IsMissing(text.AsSpan().Trim()))
            {
                problem = rows.Missing(c, "missing");
            }
            else if (Columns[c].Encoding != ColumnEncoding.Number)
            {
                problem = rows.Text(c, text);
            }
            else
            {
                problem = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite(number)
                    ? rows.Number(c, number)
                    : $"column '{Columns[c].Name}': '{text}' is not a finite number";
            }

            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(values));
            }
        }

        rows.EndRow();
        var (dense, sparse) = rows.Finish();
        var features = new float[Width];
        if (dense is not null)
        {
            dense.Row(0).CopyTo(features);
        }
        else
        {
            var indices = sparse!.RowIndices(0);
            var entries = sparse.RowValues(0);
            for (var k = 0; k < indices.Length; k++)
            {
                features[indices[k]] = entries[k];
            }
        }

        return features;
    }

    /// <summary>The first reason this pipeline cannot encode data (a hand-edited model file), or null.</summary>
    public string? Problem()
    {
        if (Columns is null || Columns.Length == 0 || Array.Exists(Columns, c => c is null))
        {
            return "the preprocessing has no columns";
        }

        if (Columns.Select(c => c.Problem()).FirstOrDefault(p => p is not null) is { } problem)
        {
            return problem;
        }

        if (Columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return $"column '{twice.Key}' is preprocessed twice";
        }

        if (Missing is MissingValues.Mean or MissingValues.Median or MissingValues.MostFrequent
            && Columns.FirstOrDefault(c => c.Encoding == ColumnEncoding.Number && c.Fill is null) is { } unfilled)
        {
            return $"column '{unfilled.Name}' has no value to fill missing ones with";
        }

        return Enum.IsDefined(Missing) ? null : "the missing-value policy is unknown";
    }
}
