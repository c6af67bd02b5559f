using ShardML.Algorithms.Classification;
using ShardML.Algorithms.Common;
using ShardML.Algorithms.NaiveBayes;
using ShardML.Algorithms.Tests.Support;

namespace ShardML.Algorithms.Tests.NaiveBayes;

public sealed class NaiveBayesWireSamples : IWireSamples
{
    public IEnumerable<object> Samples()
    {
        var encoding = LabelEncoding.OneVsRest(["a", "b", "c"]);
        var parameters = new NaiveBayesParameters(2, 2, [-1.5, -2.5], [0.5, 1, -1, 2], [2, 4, 0.5, 1], [0.25, 0.75]);
        yield return new ClassMomentsStep(4, encoding);
        yield return new ClassMoments([new FeatureStatistics(3, [1, 2], [0.5, 0.25]), new FeatureStatistics(5, [-1, 0.5], [2, 1])]);
        yield return new NaiveBayesPredictStep(parameters, 1);
        yield return new NaiveBayesEvaluationStep(parameters, LabelEncoding.Binary(["no", "yes"], 1));
        yield return new GaussianNaiveBayesJob(new GaussianNaiveBayesOptions { VarianceSmoothing = 1e-6, MaximumClasses = 12 });
    }
}
