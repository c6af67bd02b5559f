using System.Text.Json.Serialization;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Models;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.KMeans;

/// <summary>A K-means model: the centers, the cluster sizes on the training data, and how it was trained.</summary>
public sealed record KMeansModel : TrainedModel
{
    public required float[][] Centers { get; init; }

    public required long[] ClusterSizes { get; init; }

    public required KMeansOptions Hyperparameters { get; init; }

    /// <summary>
    /// True when the label column holds class names (read as text and compared by name, for the adjusted Rand
    /// index), false when it holds numbers or there is none. Evaluation reads the label the same way.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool LabelIsClass { get; init; }

    public override string PredictionName => "cluster";

    [JsonIgnore]
    public override bool CategoricalLabel => LabelIsClass;

    [JsonIgnore]
    public override bool LabelOnlyScores => true;

    public override IPartitionStep<PredictionSummary> CreatePredictStep() => new KMeansPredictStep(Flatten(), Centers.Length, FeatureNames.Length);

    public override IPartitionStep<ISummary> CreateEvaluateStep(DatasetSchema schema) =>
        new ClusteringEvaluationStep(Flatten(), Centers.Length, FeatureNames.Length);

    public override IReadOnlyDictionary<string, double> Metrics(ISummary evaluation) =>
        ((ClusteringEvaluationSummary)evaluation).Metrics();

    public override string? Problem()
    {
        if (base.Problem() is { } problem)
        {
            return problem;
        }

        if (Centers is null || Centers.Length == 0)
        {
            return "the centers are missing";
        }

        for (var j = 0; j < Centers.Length; j++)
        {
            if (ModelChecks.Vector($"the values of center {j}", Centers[j], FeatureNames.Length) is { } bad)
            {
                return bad;
            }
        }

        return ClusterSizes is not null && ClusterSizes.Length != Centers.Length
            ? $"{ClusterSizes.Length} cluster sizes for {Centers.Length} centers"
            : null;
    }

    private float[] Flatten() => Centers.SelectMany(c => c).ToArray();
}
