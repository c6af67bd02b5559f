using System.Text.Json.Serialization;
using ShardML.Core.Data;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// Hyperparameters of a linear model, with defaults in one place; <see cref="Validate"/> runs before any
/// distributed work. Every solver minimizes
/// <c>F(w, b) = 1/n Σᵢ Σ_c ℓ(y_ic, w_c·xᵢ + b_c) + Σ_c (λ₁ ‖w_c‖₁ + λ₂/2 ‖w_c‖²)</c> over the model's outputs c
/// (one for regression and binary problems, k for one-vs-rest), with the intercepts unpenalized; a multinomial
/// model (<see cref="Multiclass"/> softmax, more than two classes) has k outputs too, and its loss of a row is the
/// cross-entropy log Σ_c e^(z_c) − z_y instead of a sum over outputs — except CoCoA+,
/// which follows LIBLINEAR in treating the intercept as the weight of a constant feature 1 (see
/// <c>Svm.CocoaSolver</c>). With <see cref="Standardize"/> the weights in the penalty are those of the
/// standardized features, as in Spark. Linear regression is the squared loss, solved by any of the solvers that
/// accept it, the normal equations and gradient descent among them.
/// </summary>
[MemoryPack.MemoryPackable]
public sealed partial record LinearModelOptions
{
    public LossKind Loss { get; init; } = LossKind.Logistic;

    /// <summary>The solver; <see cref="LinearSolver.Auto"/> (the default) picks one from the loss and the features (<see cref="Resolve"/>).</summary>
    public LinearSolver Solver { get; init; } = LinearSolver.Auto;

    /// <summary>λ₂, the L2 penalty.</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>λ₁, the L1 penalty (with λ₂ &gt; 0 too: the elastic net).</summary>
    public double L1 { get; init; }

    /// <summary>SGD: the initial step size η₀.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD: how the step size decays.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Pegasos;

    /// <summary>SGD: rows per mini-batch step, over all partitions together (each samples its share by row count).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Local SGD: mini-batch steps each partition takes on its own rows between two model averagings.</summary>
    public int LocalSteps { get; init; } = 8;

    /// <summary>CoCoA+: passes of dual coordinate ascent each partition makes over its rows per round.</summary>
    public int LocalEpochs { get; init; } = 1;

    /// <summary>SGD and local SGD: passes over the data (in expectation: rows are sampled).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>The normal equations are refused above this many features (they cost d² memory per partition).</summary>
    public int NormalSolverMaximumFeatures { get; init; } = 4096;

    /// <summary>L-BFGS and gradient descent: iterations; CoCoA+: rounds. Null means the solver's default (<see cref="DefaultMaximumIterations"/>).</summary>
    public int? MaximumIterations { get; init; }

    /// <summary>
    /// Convergence tolerance; null means the solver's default (<see cref="DefaultTolerance"/>). L-BFGS: the
    /// gradient's norm (the pseudo-gradient's with L1) relative to its norm at w = 0. CoCoA+: the duality gap relative
    /// to the primal objective. SGD: the relative change of an epoch's mean mini-batch objective; 0 runs every epoch.
    /// Gradient descent: the gradient's norm (absolute). The normal equations have none.
    /// </summary>
    public double? Tolerance { get; init; }

    /// <summary>
    /// SGD and local SGD: return the average of the iterates from the second epoch on (Polyak–Ruppert). Pairs best
    /// with a constant or slowly decaying step (Bach &amp; Moulines 2013): the constant and Pegasos schedules.
    /// </summary>
    public bool Averaged { get; init; }

    /// <summary>
    /// Work in standardized features, x′ = (x − μ)/σ, for every solver; sparse data is scaled but not centered, so zeros
    /// stay zeros. The model is reported on raw features. Rows are never transformed: full-gradient steps map raw
    /// sums, row-by-row steps work through <see cref="StandardizedCoordinates"/>.
    /// </summary>
    public bool Standardize { get; init; }

    public ulong Seed { get; init; } = 42;

    /// <summary>Demand exactly two classes: a third is an error naming the row where it first appears.</summary>
    public bool Binary { get; init; }

    /// <summary>The positive class of a binary problem (implies <see cref="Binary"/>); default: the second class in order.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>More distinct labels than this is refused.</summary>
    public int MaximumClasses { get; init; } = 1000;

    /// <summary>L-BFGS: correction pairs kept (m in Nocedal &amp; Wright).</summary>
    public int HistorySize { get; init; } = 10;

    /// <summary>Differential privacy: train by DP-SGD to this budget; null trains without it.</summary>
    public Privacy.DifferentialPrivacyOptions? Privacy { get; init; }

    /// <summary>How local SGD picks each step's rows (the local-sgd solver only).</summary>
    public RowOrder RowOrder { get; init; } = RowOrder.Uniform;

    /// <summary>True when the label names classes (logistic and hinge losses).</summary>
    [JsonIgnore]
    public bool IsClassification => Loss != LossKind.Squared;

    /// <summary>How these options read <paramref name="data"/>: with the label as class names for classification, as a number for regression.</summary>
    public DatasetOptions DataFor(DatasetOptions data) => data with { HasLabel = true, CategoricalLabel = IsClassification, OptionalClasses = false };

    /// <summary>The iteration cap in effect.</summary>
    [JsonIgnore]
    public int EffectiveMaximumIterations => MaximumIterations ?? DefaultMaximumIterations(Solver);

    /// <summary>The tolerance in effect.</summary>
    [JsonIgnore]
    public double EffectiveTolerance => Tolerance ?? DefaultTolerance(Solver);

    /// <summary>
    /// The logistic loss with more than two classes: one multinomial (softmax) model, the default, or one-vs-rest. Two
    /// classes stay the binary model; the hinge loss is one-vs-rest whatever this says. Declared after every other
    /// serialized member — MemoryPack writes get-only properties too, in declaration order — so options serialized
    /// before it existed still read, as <see cref="MulticlassStrategy.OneVsRest"/>: what they trained.
    /// </summary>
    public MulticlassStrategy Multiclass { get; init; } = MulticlassStrategy.Softmax;

    /// <summary>
    /// L-BFGS: the scaling of its initial inverse Hessian, diagonal (the default) or none. Declared after
    /// <see cref="Multiclass"/> for the same reason; options serialized before it existed read as diagonal.
    /// </summary>
    public LbfgsPreconditioner Preconditioner { get; init; } = LbfgsPreconditioner.Diagonal;

    /// <summary>True when more than two classes make one softmax model: the logistic loss with <see cref="MulticlassStrategy.Softmax"/>.</summary>
    [JsonIgnore]
    [MemoryPack.MemoryPackIgnore]
    public bool IsMultinomial => Loss == LossKind.Logistic && Multiclass == MulticlassStrategy.Softmax;

    /// <summary>Gradient descent takes many cheap iterations; the quasi-Newton and dual solvers few.</summary>
    public static int DefaultMaximumIterations(LinearSolver solver) => solver == LinearSolver.GradientDescent ? 1000 : 200;

    /// <summary>
    /// The solver <see cref="LinearSolver.Auto"/> stands for, for <paramref name="dimension"/> features: least squares
    /// exactly by the normal equations while their d × d matrix is affordable and there is no L1 penalty — and, for
    /// one-hot encoded features (<paramref name="oneHot"/>), an L2 penalty — else L-BFGS (OWL-QN with L1); logistic
    /// regression by L-BFGS; the hinge loss by CoCoA+ when it has an L2 penalty and no L1,
    /// else SGD. Any other solver is kept.
    /// </summary>
    public LinearSolver Resolve(int dimension, bool oneHot = false) => Solver != LinearSolver.Auto ? Solver : Privacy is not null ? PrivateSolver(dimension) : Loss switch
    {
        // One-hot columns sum to the intercept's column, so without an L2 penalty the normal equations are singular.
        LossKind.Squared when L1 == 0 && dimension <= NormalSolverMaximumFeatures && !(oneHot && L2 == 0) => LinearSolver.NormalEquations,
        LossKind.Squared or LossKind.Logistic => LinearSolver.Lbfgs,
        _ when L2 > 0 && L1 == 0 => LinearSolver.Cocoa,
        _ => LinearSolver.Sgd,
    };

    /// <summary>Under privacy: least squares with public label bounds by the noisy normal equations (AdaSSP) while d allows, else DP-SGD.</summary>
    private LinearSolver PrivateSolver(int dimension) =>
        Loss == LossKind.Squared && Privacy?.LabelBounds is not null && Privacy.Noise != global::ShardML.Algorithms.Privacy.NoisePlacement.Distributed && L1 == 0 && dimension <= NormalSolverMaximumFeatures ? LinearSolver.NormalEquations : LinearSolver.Sgd;

    public static double DefaultTolerance(LinearSolver solver) => solver switch
    {
        LinearSolver.Lbfgs => 1e-6,
        LinearSolver.Cocoa => 1e-4,
        LinearSolver.GradientDescent => 1e-6,
        LinearSolver.NormalEquations => 0,
        _ => 1e-3,
    };

    /// <summary>Returns the first problem with these options, or null.</summary>
    public string? Validate()
    {
        if (!(L2 >= 0) || double.IsInfinity(L2) || !(L1 >= 0) || double.IsInfinity(L1))
        {
            return "the penalties `L1` and `L2` must be finite numbers ≥ 0";
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            return "the learning rate (`LearningRate`) must be a finite number > 0";
        }

        if (BatchSize < 1 || LocalSteps < 1 || LocalEpochs < 1 || Epochs < 1 || MaximumIterations is < 1 || HistorySize < 1)
        {
            return "`BatchSize`, `LocalSteps`, `LocalEpochs`, `Epochs`, `MaximumIterations` and `HistorySize` must be at least 1";
        }

        if (Tolerance is { } tolerance && (!(tolerance >= 0) || double.IsInfinity(tolerance)))
        {
            // An infinite tolerance is met by any first iteration: a model of one step reported as converged.
            return "the tolerance (`Tolerance`) must be a finite number ≥ 0";
        }

        if (!Enum.IsDefined(Solver) || !Enum.IsDefined(Loss))
        {
            return $"the solver {(int)Solver} or the loss {(int)Loss} is not one this build knows";
        }

        if (NormalSolverMaximumFeatures < 1)
        {
            return "`NormalSolverMaximumFeatures` must be at least 1";
        }

        if (!Enum.IsDefined(Preconditioner))
        {
            return $"the preconditioner {(int)Preconditioner} is not one of diagonal, none (`Preconditioner`)";
        }

        if (!Enum.IsDefined(Multiclass))
        {
            return $"the multiclass strategy {(int)Multiclass} is not one of softmax, one-vs-rest (`Multiclass`)";
        }

        if (!Enum.IsDefined(RowOrder))
        {
            return $"the row order {(int)RowOrder} is not one of uniform, shuffled-blocks";
        }

        if (RowOrder != RowOrder.Uniform && Solver != LinearSolver.LocalSgd)
        {
            return "a `RowOrder` other than uniform applies to the local SGD solver only";
        }

        if (Privacy is not null)
        {
            if (Privacy.Validate() is { } privacyProblem)
            {
                return privacyProblem;
            }

            if (Solver is not (LinearSolver.Sgd or LinearSolver.Auto or LinearSolver.NormalEquations))
            {
                return "differentially private training is DP-SGD, or the noisy normal equations for least squares: `Solver` must be sgd or normal, or left to choose";
            }

            if (Solver == LinearSolver.NormalEquations && Privacy.Noise == global::ShardML.Algorithms.Privacy.NoisePlacement.Distributed)
            {
                return "distributed noise (`Noise` = distributed) is for DP-SGD: the noisy normal equations (AdaSSP) need the smallest eigenvalue of the noise-free XᵀX on the driver, so a noise-free aggregate is there anyway; use `Solver` = sgd";
            }

            if (Solver == LinearSolver.NormalEquations && (Privacy.Bounds is null || Privacy.LabelBounds is null))
            {
                return "the noisy normal equations clip rows and labels to public bounds: give `Bounds` and `LabelBounds`";
            }

            if (Averaged)
            {
                return "`Averaged` is not offered with differential privacy";
            }

            if (Standardize && Privacy.Bounds is null)
            {
                return "`Standardize` under differential privacy needs public feature bounds (`Bounds`): means and variances read from the data would spend privacy";
            }
        }

        if (MaximumClasses < 2)
        {
            return "at least two classes must be allowed";
        }

        if (!IsClassification && (Binary || PositiveClass is not null))
        {
            return "the squared loss fits a regression; `PositiveClass` and `Binary` apply to classification only";
        }

        return Solver switch
        {
            LinearSolver.Lbfgs when Loss == LossKind.Hinge =>
                "L-BFGS needs a differentiable loss and the hinge loss is not; use the cocoa solver (exact) or sgd",
            LinearSolver.Cocoa when Loss != LossKind.Hinge => "the cocoa solver fits the hinge loss (a linear SVM) only",
            LinearSolver.Cocoa when !(L2 > 0) => "the cocoa solver needs an L2 penalty `L2` > 0 (the dual is defined through it)",
            LinearSolver.Cocoa when L1 > 0 => "the cocoa solver supports the L2 penalty only; use lbfgs or sgd for `L1`",
            LinearSolver.NormalEquations when Loss != LossKind.Squared => "the normal equations solve least squares (the squared loss) only",
            LinearSolver.NormalEquations when L1 > 0 => "the normal equations support the L2 penalty only; use lbfgs for `L1`",
            LinearSolver.GradientDescent when L1 > 0 => "gradient descent needs a smooth objective and `L1` is not; use lbfgs (OWL-QN) for it",
            LinearSolver.Sgd or LinearSolver.LocalSgd when LearningRate * L2 >= 1 =>
                $"`LearningRate` × `L2` is {LearningRate * L2:G3}; it must be below 1, or every step would flip or zero the weights",
            _ => null,
        };
    }
}
