namespace ShardML.Algorithms.Models.Inspection;

/// <summary>
/// What a model is, for a person or a script to read (<see cref="TrainedModel.Describe"/>): its parameters by feature
/// name, its preprocessing, its hyperparameters and how training went. Each kind fills the parts it has and leaves the
/// others null, so a renderer needs no concrete model type.
/// </summary>
/// <param name="Algorithm">The model's JSON type name (<c>"linear-classifier"</c>, <c>"kmeans"</c>, …).</param>
/// <param name="Kind">In words: "logistic regression, one-vs-rest over 3 classes".</param>
/// <param name="Features">The features, in the order the model takes them.</param>
/// <param name="Label">The label column, or null.</param>
/// <param name="Classes">Classifiers: the classes in model order; null otherwise.</param>
/// <param name="PositiveClass">Binary classifiers: the positive class; null otherwise.</param>
/// <param name="Outputs">Linear models: per output its intercept and its weights by feature, largest first; null otherwise.</param>
/// <param name="Clusters">K-means: per cluster its center and training size; null otherwise.</param>
/// <param name="ClassStatistics">Naive Bayes: per class its prior, rows, means and variances; null otherwise.</param>
/// <param name="Preprocessing">What happens to the features before the model, in order (standardization); empty when nothing does.</param>
/// <param name="Hyperparameters">The options the model was trained with.</param>
/// <param name="Training">The training summary.</param>
public sealed record ModelDescription(
    string Algorithm,
    string Kind,
    IReadOnlyList<string> Features,
    string? Label,
    IReadOnlyList<string>? Classes,
    string? PositiveClass,
    IReadOnlyList<OutputWeights>? Outputs,
    IReadOnlyList<ClusterDescription>? Clusters,
    IReadOnlyList<ClassStatistics>? ClassStatistics,
    IReadOnlyList<PreprocessingStep> Preprocessing,
    object Hyperparameters,
    TrainingSummary Training);
