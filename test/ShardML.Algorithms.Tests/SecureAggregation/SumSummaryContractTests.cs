using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.KMeans;
using ShardML.Algorithms.LinearModels;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.Support;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Tests.SecureAggregation;

/// <summary>
/// Every summary that is a sum keeps <see cref="IAdditiveSummary"/>'s contract on real partitions: one length per pass,
/// a template that carries no data, sums that add up under merging, and totals that come back as written.
/// </summary>
public sealed class SumSummaryContractTests : IDisposable
{
    private static readonly string[] TwoClasses = ["no", "yes"];
    private readonly DataDirectory _data = new();

    public static TheoryData<string> Steps =>
    [
        "lloyd", "loss-gradient-logistic", "loss-gradient-squared", "normal-equations", "feature-statistics", "class-moments",
        "classification-evaluation", "regression-evaluation", "clustering-evaluation", "drop-state",
    ];

    [Theory]
    [MemberData(nameof(Steps))]
    public void Sums_add_up_and_come_back_and_the_template_carries_no_data(string name)
    {
        var (executor, step) = Setup(name);
        var leaves = executor.Partitions.Select((p, i) => (IAdditiveSummary)step.Run(p, new StepContext(i, executor.Dataset.FirstRow(i), CancellationToken.None))).ToArray();
        var length = leaves[0].SumLength;
        Assert.All(leaves, l => Assert.Equal(length, l.SumLength));

        var wire = new WireTypeRegistry(AlgorithmCatalog.WireTypes);
        var templates = leaves.Select(l => wire.Encode(l.WithSums(new double[length])).Body).ToArray();
        Assert.All(templates, t => Assert.Equal(templates[0], t)); // from any partition's data: the same bytes
        Assert.All(Sums((IAdditiveSummary)leaves[0].WithSums(new double[length])), v => Assert.Equal(0, v));

        var expected = new double[length];
        foreach (var leaf in leaves)
        {
            var sums = Sums(leaf);
            for (var i = 0; i < length; i++)
            {
                expected[i] += sums[i];
            }
        }

        var merged = (IAdditiveSummary)MergeTree.Reduce(leaves);
        var written = Sums(merged);
        Approx.Relative(expected, written, 1e-9, name + ": merged against the sum of the partitions' sums");
        Approx.Relative(written, Sums((IAdditiveSummary)merged.WithSums(written)), 1e-9, name + ": written, rebuilt, written again");
    }

    public void Dispose() => _data.Dispose();

    private static double[] Sums(IAdditiveSummary summary)
    {
        var sums = new double[summary.SumLength];
        summary.WriteSums(sums);
        return sums;
    }

    private (PartitionsExecutor Executor, IPartitionStep Step) Setup(string name)
    {
        var blobs = Generate.Blobs([[0, 0, 0], [8, 1, 0], [1, 9, 3]], 900, 1.0, seed: 5);
        var two = Generate.Blobs([[0, 0, 0], [2, 1, 0]], 900, 1.5, seed: 6);
        var regression = Generate.Regression(900, [100, -3, 0.5], [5, 1, 0.1], [2, -1, 4], 7, 0.5, seed: 7);
        float[] centers = [0, 0, 0, 8, 1, 0, 1, 9, 3];
        double[] coefficients = [0.3, -0.2, 0.1, 0.05];
        return name switch
        {
            "lloyd" => (Load(_data.WriteCsv("blobs.csv", blobs)), new LloydStep(centers, 3, 3, 3)),
            "loss-gradient-logistic" => (LoadClasses(two), new LossGradientStep(coefficients, 3, LossKind.Logistic, LabelEncoding.Binary(TwoClasses, 1))),
            "loss-gradient-squared" => (Load(_data.WriteCsv("r.csv", regression)), new LossGradientStep(coefficients, 3, LossKind.Squared, LabelEncoding.Regression)),
            "normal-equations" => (Load(_data.WriteCsv("r.csv", regression)), new NormalEquationsStep(3)),
            "feature-statistics" => (Load(_data.WriteCsv("r.csv", regression)), new FeatureStatisticsStep(3)),
            "class-moments" => (LoadClasses(two), new ClassMomentsStep(3, LabelEncoding.Binary(TwoClasses, 1))),
            "classification-evaluation" => (LoadClasses(two), new ClassificationEvaluationStep(coefficients, 3, LabelEncoding.Binary(TwoClasses, 1), Probabilistic: true)),
            "regression-evaluation" => (Load(_data.WriteCsv("r.csv", regression)), new RegressionEvaluationStep(coefficients, 3)),
            "clustering-evaluation" => (Load(_data.WriteCsv("blobs.csv", blobs), categorical: false), new ClusteringEvaluationStep(centers, 3, 3)),
            "drop-state" => (Load(_data.WriteCsv("r.csv", regression)), new DropStateStep("none")),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such step here"),
        };
    }

    private PartitionsExecutor LoadClasses(Table table) =>
        PartitionsExecutor.Load(_data.WriteClassCsv("classes.csv", table, TwoClasses), 5, categorical: true);

    private static PartitionsExecutor Load(string path, bool categorical = false) => PartitionsExecutor.Load(path, 5, categorical);
}
