using System.Text.Json.Serialization;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Models;

/// <summary>
/// A trained model: immutable, saved as versioned JSON by <see cref="ModelFile"/>, and able to score a dataset
/// through the same partition steps as training, so prediction and evaluation are distributed too.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "algorithm")]
[JsonDerivedType(typeof(KMeans.KMeansModel), "kmeans")]
[JsonDerivedType(typeof(LinearRegression.LinearRegressionModel), "linear-regression")]
[JsonDerivedType(typeof(LinearModels.LinearModel), "linear")]
public abstract record TrainedModel
{
    /// <summary>The features the model expects, in order.</summary>
    public required string[] FeatureNames { get; init; }

    /// <summary>The label column it was trained on, or null (unsupervised without a label).</summary>
    public string? LabelName { get; init; }

    /// <summary>How training went.</summary>
    public required TrainingSummary Summary { get; init; }

    /// <summary>The name of the prediction column written by <c>predict</c>.</summary>
    [JsonIgnore]
    public abstract string PredictionName { get; }

    /// <summary>A step that predicts every row of a partition.</summary>
    public abstract IPartitionStep<PredictionSummary> CreatePredictStep();

    /// <summary>A step that sums what the metrics need over a partition.</summary>
    public abstract IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema);

    /// <summary>Turns the merged evaluation summary into named metrics.</summary>
    public abstract IReadOnlyDictionary<string, double> Metrics(ISummary evaluation);

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

    /// <summary>
    /// The first reason this model cannot score data (arrays of the wrong shape, a value that is not finite), or null.
    /// A file edited by hand or cut short must be refused when it is read, not fail or predict NaN later.
    /// </summary>
    public virtual string? Problem() =>
        FeatureNames is null || Array.Exists(FeatureNames, n => n is null) ? "the feature names are missing"
        : Summary is null ? "the training summary is missing"
        : null;
}
