using ShardML.Algorithms.NaiveBayes;

namespace ShardML;

/// <summary>Gaussian naive Bayes in the library: <c>ml.NaiveBayes()</c>.</summary>
public static class NaiveBayesTrainers
{
    public static Trainer<GaussianNaiveBayesModel> NaiveBayes(this ITrainingHost ml, double varianceSmoothing = 1e-9) =>
        ml.NaiveBayes(new GaussianNaiveBayesOptions { VarianceSmoothing = varianceSmoothing });

    public static Trainer<GaussianNaiveBayesModel> NaiveBayes(this ITrainingHost ml, GaussianNaiveBayesOptions options)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate() is { } problem ? throw new ArgumentException(problem, nameof(options)) : new Trainer<GaussianNaiveBayesModel>(ml, new GaussianNaiveBayesJob(options));
    }
}
