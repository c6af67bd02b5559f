namespace ShardML.Algorithms.LinearModels;

/// <summary>The loss ℓ(y, z) a linear model minimizes, where z = w·x + b is its score for the row.</summary>
public enum LossKind
{
    /// <summary>½ (z − y)²: least squares; a regression of a numeric label.</summary>
    Squared = 0,

    /// <summary>log(1 + e^(−y z)), y ∈ {−1, +1}: logistic regression, a probabilistic classifier.</summary>
    Logistic = 1,

    /// <summary>max(0, 1 − y z), y ∈ {−1, +1}: the linear support vector machine.</summary>
    Hinge = 2,
}
