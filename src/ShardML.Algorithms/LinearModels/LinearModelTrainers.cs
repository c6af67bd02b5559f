using ShardML.Algorithms.LinearModels;

namespace ShardML;

/// <summary>
/// Linear models in the library: least squares, logistic regression and linear SVMs, each with a short overload of the
/// common parameters and one taking <see cref="LinearModelOptions"/> (any solver, SGD included).
/// </summary>
public static class LinearModelTrainers
{
    /// <summary>Least squares, exactly by the normal equations up to 4,096 features (L-BFGS above, or with <paramref name="l1"/>).</summary>
    public static Trainer<LinearRegressionModel> LinearRegression(this ITrainingHost ml, double l2 = 0, double l1 = 0, bool standardize = false)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.LinearRegression(new LinearModelOptions { Loss = LossKind.Squared, L2 = l2, L1 = l1, Standardize = standardize, Seed = ml.Seed });
    }

    public static Trainer<LinearRegressionModel> LinearRegression(this ITrainingHost ml, LinearModelOptions options) =>
        Create<LinearRegressionModel>(ml, options, LossKind.Squared);

    /// <summary>
    /// Logistic regression by L-BFGS (OWL-QN with <paramref name="l1"/>): binary for two classes, one multinomial (softmax)
    /// model for more; one-vs-rest through the options (<see cref="LinearModelOptions.Multiclass"/>).
    /// </summary>
    public static Trainer<LinearClassifierModel> LogisticRegression(this ITrainingHost ml, double l2 = 1e-4, double l1 = 0, bool standardize = false)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.LogisticRegression(new LinearModelOptions { Loss = LossKind.Logistic, L2 = l2, L1 = l1, Standardize = standardize, Seed = ml.Seed });
    }

    public static Trainer<LinearClassifierModel> LogisticRegression(this ITrainingHost ml, LinearModelOptions options) =>
        Create<LinearClassifierModel>(ml, options, LossKind.Logistic);

    /// <summary>A linear SVM (the hinge loss) by CoCoA+ to a duality gap.</summary>
    public static Trainer<LinearClassifierModel> LinearSvm(this ITrainingHost ml, double l2 = 1e-4, bool standardize = false)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.LinearSvm(new LinearModelOptions { Loss = LossKind.Hinge, L2 = l2, Standardize = standardize, Seed = ml.Seed });
    }

    public static Trainer<LinearClassifierModel> LinearSvm(this ITrainingHost ml, LinearModelOptions options) =>
        Create<LinearClassifierModel>(ml, options, LossKind.Hinge);

    private static Trainer<TModel> Create<TModel>(ITrainingHost ml, LinearModelOptions options, LossKind loss)
        where TModel : Algorithms.Models.TrainedModel
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Loss != loss)
        {
            throw new ArgumentException($"this trainer fits the {loss.ToString().ToLowerInvariant()} loss; the options ask for the {options.Loss.ToString().ToLowerInvariant()} loss (`Loss`)", nameof(options));
        }

        return options.Validate() is { } problem ? throw new ArgumentException(problem, nameof(options)) : new Trainer<TModel>(ml, new LinearModelJob(options));
    }
}
