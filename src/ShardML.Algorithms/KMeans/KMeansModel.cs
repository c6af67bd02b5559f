using System.Text.Json.Serialization;
using ShardML.Algorithms.Export.Onnx;
using ShardML.Algorithms.Models;
using ShardML.Algorithms.Models.Inspection;
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

    [JsonIgnore]
    public override IReadOnlyList<string> PredictionColumns => ["cluster"];

    [JsonIgnore]
    public override bool EvaluationNeedsLabel => false;

    [JsonIgnore]
    public override bool CategoricalLabel => LabelIsClass;

    [JsonIgnore]
    public override bool LabelOnlyScores => true;

    /// <summary>
    /// The nearest center of one row and its Euclidean distance. Distances are exact (in double, each center's in
    /// turn), ties go to the lowest index: the assignment a Lloyd step on a cluster makes.
    /// </summary>
    public ClusterPrediction Predict(ReadOnlySpan<float> features)
    {
        CheckRow(features);
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var j = 0; j < Centers.Length; j++)
        {
            var distance = SquaredDistance(features, Centers[j]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = j;
            }
        }

        return new ClusterPrediction(best, Math.Sqrt(bestDistance));
    }

    /// <summary>The nearest center of each row of <paramref name="rows"/> (row-major), and optionally its distance.</summary>
    public void Predict(ReadOnlySpan<float> rows, Span<int> clusters, Span<double> distances = default)
    {
        var n = CheckRows(rows, clusters.Length);
        if (!distances.IsEmpty && distances.Length < n)
        {
            throw new ArgumentException($"room for {distances.Length} distances, for {n} rows", nameof(distances));
        }

        var d = FeatureNames.Length;
        for (var i = 0; i < n; i++)
        {
            var prediction = Predict(rows.Slice(i * d, d));
            clusters[i] = prediction.Cluster;
            if (!distances.IsEmpty)
            {
                distances[i] = prediction.Distance;
            }
        }
    }

    public override ModelDescription Describe() =>
        Description($"K-means, {Centers.Length} clusters", Hyperparameters) with
        {
            Clusters = [.. Centers.Select((center, j) => new ClusterDescription(j, ClusterSizes is null ? 0 : ClusterSizes[j], Array.ConvertAll(center, v => (double)v)))],
        };

    internal override void AddOnnxNodes(OnnxGraph graph, string features) => KMeansOnnx.Add(this, graph, features);

    [JsonIgnore]
    public override string LossName => "inertia";

    /// <summary>Adds a sample of rows and the centers on the data's first two principal components.</summary>
    public override async Task<Models.Diagnostics.ModelDiagnostics> DiagnoseAsync(IPartitionExecutor executor, CancellationToken cancellationToken)
    {
        var diagnostics = await base.DiagnoseAsync(executor, cancellationToken);
        var components = await Common.PrincipalComponents.ComputeAsync(executor, FeatureNames.Length, 2, cancellationToken);
        var sample = await SampleAsync(executor, cancellationToken);
        var rows = sample.Rows.Select(r => components.Project(r)).ToArray();
        var centers = Centers.Select(c => components.Project(c)).ToArray();
        double Second(double[] p) => p.Length > 1 ? p[1] : 0;
        return diagnostics with
        {
            Clusters = new Models.Diagnostics.ClusterProjection(
                [.. rows.Select(p => p[0])],
                [.. rows.Select(Second)],
                [.. sample.Rows.Select(r => Predict(r).Cluster)],
                [.. centers.Select(p => p[0])],
                [.. centers.Select(Second)],
                [.. components.Variances.Select(v => components.TotalVariance > 0 ? v / components.TotalVariance : 0)],
                executor.Dataset.TotalRows),
        };
    }

    public override void FormatPrediction(PredictionSummary predictions, int row, Span<string> fields) =>
        fields[0] = ((int)predictions.Values[row]).ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    private static double SquaredDistance(ReadOnlySpan<float> x, float[] center)
    {
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var delta = (double)x[i] - center[i];
            sum += delta * delta;
        }

        return sum;
    }
}
