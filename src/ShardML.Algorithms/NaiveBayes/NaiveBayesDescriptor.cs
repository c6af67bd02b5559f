namespace ShardML.Algorithms.NaiveBayes;

/// <summary>Gaussian naive Bayes in the catalog.</summary>
public static class NaiveBayesDescriptor
{
    public static AlgorithmDescriptor Descriptor { get; } = new(
        "Gaussian naive Bayes",
        typeof(GaussianNaiveBayesOptions),
        [new ModelKind(typeof(GaussianNaiveBayesModel), "gaussian-naive-bayes")],
        [typeof(GaussianNaiveBayesJob), typeof(ClassMomentsStep), typeof(ClassMoments), typeof(NaiveBayesPredictStep), typeof(NaiveBayesEvaluationStep)],
        ["naive-bayes"]);
}
