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
}
