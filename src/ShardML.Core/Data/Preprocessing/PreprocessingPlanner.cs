namespace ShardML.Core.Data.Preprocessing;

/// <summary>
/// Decides at planning what a dataset's features need before they load, the same way for every format with named
/// columns: a model's data is read through the model's pipeline; training data of numbers only is read as it is (or
/// through a pipeline that drops rows with a missing value); anything else — a text column, missing values to fill —
/// asks to be profiled first (<see cref="DatasetSchema.Preparation"/>).
/// </summary>
internal static class PreprocessingPlanner
{
    /// <param name="path">The dataset, for errors.</param>
    /// <param name="schema">The planned schema, its features the chosen input columns.</param>
    /// <param name="kinds">What each feature column holds as the format tells (a Parquet type, a CSV file's first rows); null for a model's data.</param>
    /// <param name="options">The user's choices.</param>
    public static DatasetSchema Apply(string path, DatasetSchema schema, ColumnKind[]? kinds, DatasetOptions options)
    {
        var forModel = options.FeatureOrigin == FeatureOrigin.Model && options.Features is not null;
        schema = schema with
        {
            Missing = options.Missing,
            TrainedWith = forModel ? options.Pipeline?.Missing ?? MissingValues.Error : null,
            Classes = options.Classes is { } classes ? [.. classes] : null,
        };
        if (options.Pipeline is { } pipeline)
        {
            return schema with { Pipeline = pipeline, FeatureNames = pipeline.FeatureNames() };
        }

        if (forModel || kinds is null)
        {
            return schema;
        }

        kinds = [.. kinds];
        foreach (var name in options.Categorical ?? [])
        {
            var feature = Array.IndexOf(schema.FeatureNames, name);
            kinds[feature >= 0
                ? feature
                : throw new DataFormatException(path, 0, 0, $"column '{name}' is declared categorical (`Categorical`) but is not a feature; the features are {ColumnSelection.Quote(schema.FeatureNames)}")] = ColumnKind.Text;
        }

        if (kinds.All(k => k == ColumnKind.Number))
        {
            return options.Missing switch
            {
                MissingValues.Error => schema,
                MissingValues.Drop => schema with { Pipeline = FeaturePipeline.Numbers(schema.FeatureNames, MissingValues.Drop) },
                _ => Request(schema, kinds, options),
            };
        }

        return Request(schema, kinds, options);
    }

    private static DatasetSchema Request(DatasetSchema schema, ColumnKind[] kinds, DatasetOptions options) =>
        schema with { Preparation = new PreprocessingRequest(options.Missing, options.MaximumCategories, options.HashBuckets, kinds) };
}
