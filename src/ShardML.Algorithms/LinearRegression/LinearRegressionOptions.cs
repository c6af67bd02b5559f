namespace ShardML.Algorithms.LinearRegression;

/// <summary>How linear regression is solved.</summary>
public enum LinearRegressionSolver
{
    /// <summary>Distributed batch gradient descent: one pass over the data per iteration.</summary>
    GradientDescent = 0,

    /// <summary>The exact solution of the normal equations: one pass summing XᵀX and Xᵀy, a d × d solve on the driver.</summary>
    Normal = 1,
}

/// <summary>
/// Linear regression hyperparameters. The objective, for either solver, is
/// <c>J(w, b) = 1/(2n) Σᵢ (w·xᵢ + b − yᵢ)² + λ/2 Σⱼ (sⱼ wⱼ)²</c>, where <c>sⱼ</c> is feature j's standard deviation
/// when <see cref="Standardize"/> is set and 1 otherwise (so the penalty acts on standardized weights, as in Spark).
/// </summary>
[MemoryPack.MemoryPackable]
public sealed partial record LinearRegressionOptions
{
    public LinearRegressionSolver Solver { get; init; } = LinearRegressionSolver.GradientDescent;

    /// <summary>Step size of gradient descent; halved automatically whenever a step would increase the loss.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>λ, the L2 penalty.</summary>
    public double L2 { get; init; }

    /// <summary>Descend in standardized features (zero mean, unit variance; scale only for sparse data). The model is reported on raw features.</summary>
    public bool Standardize { get; init; }

    public int MaximumIterations { get; init; } = 1000;

    /// <summary>Gradient descent stops when the gradient's Euclidean norm is at most this.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The normal equations are refused above this many features (they cost d² memory per partition).</summary>
    public int NormalSolverMaximumFeatures { get; init; } = 4096;

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate(int dimension)
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            return "the learning rate must be a finite number > 0";
        }

        if (!(L2 >= 0) || double.IsInfinity(L2))
        {
            return "the L2 penalty must be a finite number ≥ 0";
        }

        if (MaximumIterations < 1)
        {
            return "the maximum number of iterations must be at least 1";
        }

        if (!(Tolerance >= 0))
        {
            return "the tolerance must be ≥ 0";
        }

        if (Solver == LinearRegressionSolver.Normal && dimension > NormalSolverMaximumFeatures)
        {
            return $"the normal equations need a {dimension} × {dimension} matrix per partition; use gradient descent above {NormalSolverMaximumFeatures} features";
        }

        return null;
    }
}
