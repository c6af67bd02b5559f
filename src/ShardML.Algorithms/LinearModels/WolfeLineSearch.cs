namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A line search along a descent direction d for a step α satisfying the strong Wolfe conditions
/// <c>φ(α) ≤ φ(0) + c₁ α φ′(0)</c> and <c>|φ′(α)| ≤ c₂ |φ′(0)|</c> with φ(α) = f(x + α d), c₁ = 10⁻⁴, c₂ = 0.9
/// (Nocedal &amp; Wright, Algorithms 3.5 and 3.6): expand the step until the interval brackets a Wolfe point, then
/// zoom in with the minimizer of the cubic through both ends' values and slopes (eq. 3.59), bisecting when the cubic
/// lands outside the middle 80 % of the interval. Strong Wolfe steps keep sᵀy &gt; 0, which L-BFGS needs. Each trial
/// is one evaluation of f and ∇f — one distributed pass; at most <see cref="MaximumEvaluations"/> per search.
/// When the budget runs out the best step with sufficient decrease is returned, or null if there is none.
/// <para>
/// NaN and ∞: a trial whose value or slope is not finite (an overflow of a step too long) never has sufficient decrease,
/// so the search zooms back towards the last finite step; every test is written to be false for NaN (<c>!(a &lt; b)</c>
/// rather than <c>a &gt;= b</c>), and a gradient with any non-finite component has a non-finite slope (x·∞ and 0·NaN are
/// not finite). So the step returned always has a finite value and gradient, and a value below φ(0).
/// </para>
/// </summary>
internal static class WolfeLineSearch
{
    public const double SufficientDecrease = 1e-4;

    public const double Curvature = 0.9;

    public const int MaximumEvaluations = 20;

    /// <summary>One evaluated step: φ(α), φ′(α) and what the caller needs to keep (the point and its gradient).</summary>
    public sealed record Trial(double Step, double Value, double Slope, double[] Point, LinearProblem.Evaluation Evaluation);

    public static async Task<Trial?> SearchAsync(Func<double, Task<Trial>> evaluate, double value0, double slope0, double initialStep)
    {
        var origin = new Trial(0, value0, slope0, [], null!);
        var previous = origin;
        var step = initialStep;
        for (var evaluations = 1; evaluations <= MaximumEvaluations; evaluations++)
        {
            var trial = await evaluate(step);
            if (!HasSufficientDecrease(trial, value0, slope0) || (evaluations > 1 && !(trial.Value < previous.Value)))
            {
                return await ZoomAsync(evaluate, previous, trial, value0, slope0, MaximumEvaluations - evaluations);
            }

            if (Math.Abs(trial.Slope) <= -Curvature * slope0)
            {
                return trial;
            }

            if (trial.Slope >= 0)
            {
                return await ZoomAsync(evaluate, trial, previous, value0, slope0, MaximumEvaluations - evaluations);
            }

            previous = trial;
            step *= 2;
        }

        return previous.Step > 0 ? previous : null;
    }

    /// <summary>Algorithm 3.6: <paramref name="low"/> has sufficient decrease and the lower value; a Wolfe point lies between the two.</summary>
    private static async Task<Trial?> ZoomAsync(Func<double, Task<Trial>> evaluate, Trial low, Trial high, double value0, double slope0, int budget)
    {
        for (var evaluations = 0; evaluations < budget; evaluations++)
        {
            var width = Math.Abs(high.Step - low.Step);
            if (width <= 1e-16 * Math.Max(1, Math.Abs(low.Step)))
            {
                break;
            }

            var step = Interpolate(low, high);
            var trial = await evaluate(step);
            if (!HasSufficientDecrease(trial, value0, slope0) || !(trial.Value < low.Value))
            {
                high = trial;
                continue;
            }

            if (Math.Abs(trial.Slope) <= -Curvature * slope0)
            {
                return trial;
            }

            if (trial.Slope * (high.Step - low.Step) >= 0)
            {
                high = low;
            }

            low = trial;
        }

        return low.Step > 0 ? low : null;
    }

    /// <summary>φ(α) ≤ φ(0) + c₁ α φ′(0) with φ(α) and φ′(α) finite: false for NaN and ∞.</summary>
    private static bool HasSufficientDecrease(Trial trial, double value0, double slope0) =>
        double.IsFinite(trial.Value) && double.IsFinite(trial.Slope) && trial.Value <= value0 + (SufficientDecrease * trial.Step * slope0);

    /// <summary>The cubic's minimizer between the two trials, kept within their middle 80 %; the midpoint otherwise.</summary>
    private static double Interpolate(Trial a, Trial b)
    {
        var d1 = a.Slope + b.Slope - (3 * (a.Value - b.Value) / (a.Step - b.Step));
        var discriminant = (d1 * d1) - (a.Slope * b.Slope);
        var (lo, hi) = (Math.Min(a.Step, b.Step), Math.Max(a.Step, b.Step));
        var margin = 0.1 * (hi - lo);
        if (discriminant >= 0)
        {
            var d2 = Math.Sign(b.Step - a.Step) * Math.Sqrt(discriminant);
            var step = b.Step - ((b.Step - a.Step) * (b.Slope + d2 - d1) / (b.Slope - a.Slope + (2 * d2)));
            if (double.IsFinite(step) && step >= lo + margin && step <= hi - margin)
            {
                return step;
            }
        }

        return (lo + hi) / 2;
    }
}
