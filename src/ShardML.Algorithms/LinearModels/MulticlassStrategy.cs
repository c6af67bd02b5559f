namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// How a logistic model handles more than two classes (<see cref="LinearModelOptions.Multiclass"/>). Two classes are
/// always the plain binary model: softmax over two classes is the same model with its weights split in two. The hinge
/// loss is always one-vs-rest.
/// </summary>
/// <remarks>
/// One-vs-rest is value 0 on purpose: options serialized before this member existed (a checkpointed job's options)
/// read it as 0, and those jobs were one-vs-rest.
/// </remarks>
public enum MulticlassStrategy
{
    /// <summary>k independent binary problems, class c against the rest; probabilities are the σ(z_c) normalized to sum to one.</summary>
    OneVsRest = 0,

    /// <summary>
    /// Multinomial logistic regression: one model of k score vectors minimizing the cross-entropy
    /// log Σ_c e^(z_c) − z_y; probabilities are softmax(z). The default, as in scikit-learn.
    /// </summary>
    Softmax = 1,
}
