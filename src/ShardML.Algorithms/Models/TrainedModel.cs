using System.Text.Json.Serialization;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models.Diagnostics;
using ShardML.Algorithms.Models.Inspection;
using ShardML.Core.Data;
using ShardML.Core.Data.Preprocessing;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Models;

/// <summary>
/// A trained model: immutable, saved as versioned JSON by <see cref="ModelFile"/> (its JSON type name comes from the
/// algorithm catalog), able to score a dataset through the same partition steps as training, so prediction and
/// evaluation are distributed too, and to present what it predicts and measures, so no caller needs its concrete type.
/// Each concrete model also predicts single rows without a cluster (<c>Predict(ReadOnlySpan&lt;float&gt;)</c>).
/// </summary>
public abstract record TrainedModel
{
    /// <summary>The features the model expects, in order (with <see cref="Preprocessing"/>, the features it makes).</summary>
    public required string[] FeatureNames { get; init; }

    /// <summary>
    /// How the data's columns became <see cref="FeatureNames"/> in training — categories encoded, missing values
    /// filled — so new data is read exactly so; null when the features are the data's numbers as they are (and in files
    /// written before preprocessing existed).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FeaturePipeline? Preprocessing { get; init; }

    /// <summary>The label column it was trained on, or null (unsupervised without a label).</summary>
    public string? LabelName { get; init; }

    /// <summary>How training went.</summary>
    public required TrainingSummary Summary { get; init; }

    /// <summary>The columns a prediction of one row fills, in order: the prediction, then any scores (class probabilities).</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<string> PredictionColumns { get; }

    /// <summary>
    /// Writes row <paramref name="row"/> of <paramref name="predictions"/> (from <see cref="CreatePredictStep"/>) as text
    /// into <paramref name="fields"/>, one per <see cref="PredictionColumns"/>: a class by its name, a cluster as an
    /// integer, a number in the shortest text that round-trips.
    /// </summary>
    public abstract void FormatPrediction(PredictionSummary predictions, int row, Span<string> fields);

    /// <summary>A step that predicts every row of a partition.</summary>
    public abstract IPartitionStep<PredictionSummary> CreatePredictStep();

    /// <summary>A step that sums what the metrics need over a partition.</summary>
    public abstract IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema);

    /// <summary>Turns the merged evaluation summary into named metrics.</summary>
    public abstract IReadOnlyDictionary<string, double> Metrics(ISummary evaluation);

    /// <summary>True when evaluation needs the label column (supervised models); K-means is measured without it.</summary>
    [JsonIgnore]
    public virtual bool EvaluationNeedsLabel => true;

    /// <summary>True when data for this model must be loaded with a categorical label (a classifier's class names).</summary>
    [JsonIgnore]
    public virtual bool CategoricalLabel => false;

    /// <summary>
    /// True when the label only scores the model (K-means' ground truth) and never trains or predicts with it: data
    /// whose label has too many values to be classes is then scored without it (<see cref="DatasetOptions.OptionalClasses"/>).
    /// </summary>
    [JsonIgnore]
    public virtual bool LabelOnlyScores => false;

    /// <summary>The confusion matrix of an evaluation, with the class names, for classifiers; null otherwise.</summary>
    public virtual ConfusionReport? Confusion(ISummary evaluation) => null;

    /// <summary>What the model is, for people and scripts: its parameters by feature name, preprocessing, hyperparameters, training.</summary>
    public abstract ModelDescription Describe();

    /// <summary>What <see cref="TrainingSummary.LossHistory"/> measures, for a plot's axis.</summary>
    [JsonIgnore]
    public virtual string LossName => "objective";

    /// <summary>
    /// The data behind the model's plots, from distributed passes over <paramref name="executor"/>'s dataset (loaded
    /// with <see cref="DataFor"/>, labels read when <see cref="EvaluationNeedsLabel"/>): the loss curve here, and what
    /// each kind adds (a classifier's evaluation, a regression's or K-means' sample of rows).
    /// </summary>
    public virtual Task<ModelDiagnostics> DiagnoseAsync(IPartitionExecutor executor, CancellationToken cancellationToken) =>
        Task.FromResult(new ModelDiagnostics(CatalogName(), LossName, Summary.LossHistory, null, null, null, null, null));

    /// <summary>A fixed-seed sample of at most <see cref="ModelDiagnostics.SampleRows"/> rows of the dataset, with their labels when it has them.</summary>
    protected async Task<Common.RowSample> SampleAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        var rows = Common.RowSampling.Choose(executor.Dataset.TotalRows, ModelDiagnostics.SampleRows, ModelDiagnostics.SampleSeed);
        return await executor.RunAsync(new Common.SampleRowsStep(rows, FeatureNames.Length), cancellationToken);
    }

    /// <summary>
    /// Adds the nodes that transform the features before the model (<see cref="OnnxExport"/>): from
    /// <paramref name="features"/>, double [N, d] raw features, to the tensor the model's nodes take, whose name it returns.
    /// None by default; a model trained on transformed features adds the transformation here.
    /// </summary>
    internal virtual string AddOnnxPreprocessing(OnnxGraph graph, string features) => features;

    /// <summary>
    /// Adds the nodes that compute the model's predictions from <paramref name="features"/> (double [N, d], after
    /// <see cref="AddOnnxPreprocessing"/>) and declares the graph's outputs, reproducing the model's own <c>Predict</c>.
    /// </summary>
    internal abstract void AddOnnxNodes(OnnxGraph graph, string features);

    /// <summary>
    /// The first reason this model cannot score data (arrays of the wrong shape, a value that is not finite), or null.
    /// A file edited by hand or cut short must be refused when it is read, not fail or predict NaN later.
    /// </summary>
    public virtual string? Problem() =>
        FeatureNames is null || Array.Exists(FeatureNames, n => n is null) ? "the feature names are missing"
        : Summary is null ? "the training summary is missing"
        : Preprocessing?.Problem() is { } problem ? problem
        : Preprocessing is not null && !Preprocessing.FeatureNames().SequenceEqual(FeatureNames, StringComparer.Ordinal) ? "the preprocessing makes other features than the model's"
        : null;

    /// <summary>
    /// How to read <paramref name="data"/> for this model: exactly its features, in its order — or, with
    /// <see cref="Preprocessing"/>, its input columns, encoded and filled as training did — and its label (or the one
    /// <paramref name="data"/> names) read as training read it, or no label at all when <paramref name="readLabels"/>
    /// is false (prediction never reads it, so a bad label cell cannot fail it). A model trained by dropping rows with
    /// a missing value drops them when evaluated, but prediction writes a line for every row, so there such a value is
    /// an error.
    /// </summary>
    public DatasetOptions DataFor(DatasetOptions data, bool readLabels) => data with
    {
        Label = data.Label ?? LabelName,
        Features = Preprocessing?.ColumnNames ?? FeatureNames,
        FeatureOrigin = FeatureOrigin.Model,
        FeatureCount = FeatureNames.Length,
        CategoricalLabel = CategoricalLabel,
        OptionalClasses = LabelOnlyScores,
        HasLabel = readLabels,
        Pipeline = Preprocessing,
        Missing = Preprocessing is { Missing: var missing } && (missing != MissingValues.Drop || readLabels) ? missing : MissingValues.Error,
        Categorical = null,
        HashBuckets = 0,
        MaximumCategories = DatasetOptions.DefaultMaximumCategories,
    };

    /// <summary>A description with what every model has; each kind adds its own parts.</summary>
    protected ModelDescription Description(string kind, object hyperparameters, IReadOnlyList<string>? classes = null, string? positiveClass = null) =>
        new(CatalogName(), kind, FeatureNames, LabelName, classes, positiveClass, null, null, null, [], hyperparameters, Summary);

    /// <summary>The model's JSON type name in the catalog (<c>"kmeans"</c>, <c>"linear-classifier"</c>, …).</summary>
    internal string CatalogName() => AlgorithmCatalog.ModelKinds.First(k => k.Type == GetType()).JsonName;

    /// <summary>Checks that a row to predict has the model's features.</summary>
    protected void CheckRow(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureNames.Length)
        {
            throw new ArgumentException($"the row has {features.Length} features; the model takes {FeatureNames.Length} ({string.Join(", ", FeatureNames.Take(8))}{(FeatureNames.Length > 8 ? ", …" : "")})", nameof(features));
        }
    }

    /// <summary>Checks a row-major batch of rows against the outputs it fills, and returns its row count.</summary>
    protected int CheckRows(ReadOnlySpan<float> rows, int outputs)
    {
        var d = FeatureNames.Length;
        if (d == 0 || rows.Length % d != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not whole rows of {d} features", nameof(rows));
        }

        var n = rows.Length / d;
        return outputs >= n ? n : throw new ArgumentException($"room for {outputs} predictions, for {n} rows", nameof(rows));
    }

    /// <summary>The shortest text that reads back as the same float.</summary>
    protected static string Number(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
