using System.Globalization;

namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Turns the merged column profiles of a training dataset into its <see cref="FeaturePipeline"/>: a number column's
/// fill value (mean, median or mode), a text column's vocabulary — every distinct value, or the
/// <see cref="PreprocessingRequest.MaximumCategories"/> most frequent (ties to the ordinally smaller), sorted — or its
/// hashing when it has more values than that and buckets were asked for. A pure function of the profiles, so of the
/// rows, never of their partitioning.
/// </summary>
public static class FeaturePipelineBuilder
{
    /// <summary>A text column with a different value on every row, over at least this many rows, is noted as looking like an id.</summary>
    private const int IdRows = 100;

    /// <param name="path">The dataset, for errors.</param>
    /// <param name="names">The input columns' names, in feature order.</param>
    /// <param name="request">What was asked.</param>
    /// <param name="profiles">The merged profiles of every partition.</param>
    public static FeaturePipeline Build(string path, string[] names, PreprocessingRequest request, ColumnProfiles profiles)
    {
        var columns = new ColumnTransform[names.Length];
        var notes = new List<string>();
        for (var c = 0; c < names.Length; c++)
        {
            var profile = profiles.Columns[c];
            columns[c] = request.Kinds[c] == ColumnKind.Number
                ? Number(path, names[c], request, profile)
                : Text(path, names[c], request, profile, notes);
        }

        return new FeaturePipeline { Columns = columns, Missing = request.Missing, Notes = [.. notes] };
    }

    private static ColumnTransform Number(string path, string name, PreprocessingRequest request, ColumnProfile profile)
    {
        if (!request.Fills)
        {
            return new ColumnTransform { Name = name };
        }

        if (profile.Count == 0)
        {
            throw new DataFormatException(path, 0, 0, $"column '{name}' has no values at all, so nothing to fill its missing ones with: leave it out (`Ignore`)");
        }

        var fill = request.Missing switch
        {
            MissingValues.Mean => (float)(profile.Sum / profile.Count),
            MissingValues.Median => profile.Sketch!.Median(),
            _ => profile.Sketch!.Mode(),
        };
        return new ColumnTransform { Name = name, Fill = fill };
    }

    private static ColumnTransform Text(string path, string name, PreprocessingRequest request, ColumnProfile profile, List<string> notes)
    {
        if (profile.Overflowed)
        {
            if (request.HashBuckets == 0)
            {
                throw new DataFormatException(
                    path, 0, 0, $"column '{name}' has more than {PreprocessingRequest.MaximumDistinct:N0} distinct values, too many to one-hot encode: hash them into buckets (`HashBuckets`) or leave the column out (`Ignore`)");
            }

            notes.Add(string.Create(
                CultureInfo.InvariantCulture, $"column '{name}' has more than {request.MaximumCategories:N0} distinct values: hashed into {request.HashBuckets:N0} buckets (`HashBuckets`)"));
            return new ColumnTransform { Name = name, Encoding = ColumnEncoding.Hashed, Buckets = request.HashBuckets };
        }

        // By count, then ordinally: the most frequent first, a tie to the smaller text; Texts is already sorted.
        var byCount = Enumerable.Range(0, profile.Texts.Length).OrderByDescending(i => profile.TextCounts[i]).ThenBy(i => i).ToArray();
        var kept = byCount.Take(request.MaximumCategories).Order().Select(i => profile.Texts[i]).ToArray();
        if (byCount.Length > kept.Length)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"column '{name}' has {byCount.Length:N0} distinct values: the {kept.Length:N0} most frequent are one-hot encoded and the other {byCount.Length - kept.Length:N0} share '{name}={ColumnTransform.OtherName}' (`MaximumCategories`; `HashBuckets` hashes them instead)"));
        }

        if (profile.Texts.Length == profile.Count && profile.Count >= IdRows)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture, $"column '{name}' has a different value on each of its {profile.Count:N0} rows, as an id has: leave it out (`Ignore`) unless it names categories"));
        }

        return new ColumnTransform
        {
            Name = name,
            Encoding = ColumnEncoding.OneHot,
            Categories = kept,
            FillCategory = request.Fills && byCount.Length > 0 ? profile.Texts[byCount[0]] : null,
        };
    }
}
