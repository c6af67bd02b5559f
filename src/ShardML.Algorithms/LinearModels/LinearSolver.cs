namespace ShardML.Algorithms.LinearModels;

/// <summary>How a linear model is fitted across partitions.</summary>
public enum LinearSolver
{
    /// <summary>Synchronous mini-batch SGD: each round every partition returns the gradient on its share of the batch.</summary>
    Sgd = 0,

    /// <summary>Local SGD (model averaging): each round every partition takes several SGD steps on its own rows, then models are averaged.</summary>
    LocalSgd = 1,

    /// <summary>L-BFGS on the full objective (OWL-QN when there is an L1 penalty); exact to the tolerance.</summary>
    Lbfgs = 2,

    /// <summary>CoCoA+ with local dual coordinate ascent (SDCA): the hinge-loss SVM, exact to a duality gap.</summary>
    Cocoa = 3,

    /// <summary>Batch gradient descent with a self-adjusting step: one pass per iteration (least squares by default).</summary>
    GradientDescent = 4,

    /// <summary>The exact least-squares solution from one pass of centered moments and a d × d solve on the driver.</summary>
    NormalEquations = 5,

    /// <summary>Chosen from the loss, the penalty and the feature count when training starts (<see cref="LinearModelOptions.Resolve"/>).</summary>
    Auto = 6,
}
