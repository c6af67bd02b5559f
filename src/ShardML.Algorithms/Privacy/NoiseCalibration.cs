namespace ShardML.Algorithms.Privacy;

/// <summary>
/// The smallest noise multiplier whose T steps at sample rate q spend at most a target (ε, δ), as Opacus'
/// <c>get_noise_multiplier</c>: from σ = 10, double σ until ε(σ) ≤ ε_target (refusing past the maximum), then bisect
/// [σ_low, σ_high] (σ_low = 0 at first), keeping ε(σ_high) &lt; ε_target ≤ ε(σ_low), until
/// ε_target − ε(σ_high) ≤ the tolerance; σ_high is returned, so its ε never exceeds the target. ε is decreasing in σ
/// for both accountants, which is what makes the bisection valid. Unlike Opacus it also bisects until some σ_low &gt; 0
/// has been tried, so a target below the tolerance still gets a bracket instead of the first σ that meets it.
/// Cost: one accountant query per step, about log₂(σ/resolution) + a few; with PRV each is a full composition.
/// </summary>
public static class NoiseCalibration
{
    private const double FirstNoiseMultiplier = 10;

    public static NoiseCalibrationResult Calibrate(PrivacyBudget target, double sampleRate, long steps, AccountantKind accountant = AccountantKind.Rdp) =>
        Calibrate(target, sampleRate, steps, NoiseCalibrationOptions.Default with { Accountant = accountant });

    public static NoiseCalibrationResult Calibrate(PrivacyBudget target, double sampleRate, long steps, NoiseCalibrationOptions options)
    {
        target.Validate();
        options.Validate();
        new MechanismEntry(1, sampleRate, steps).Validate();
        if (options.Accountant == AccountantKind.Prv && target.Epsilon <= options.Prv.EpsilonError)
        {
            throw new ArgumentException(
                $"the target epsilon {target.Epsilon:g} is within the PRV accountant's epsilon error ({options.Prv.EpsilonError:g}), which every ε it reports includes");
        }

        var evaluations = 0;
        PrivacySpent Spend(double sigma)
        {
            evaluations++;
            IPrivacyAccountant account = options.Accountant == AccountantKind.Prv
                ? new PrvAccountant(PrivacyHistory.Empty.Then(sigma, sampleRate, steps), options.Prv)
                : new RdpAccountant(PrivacyHistory.Empty.Then(sigma, sampleRate, steps));
            return account.GetEpsilon(target.Delta);
        }

        double low = 0, high = FirstNoiseMultiplier;
        PrivacySpent highSpent;
        do
        {
            high *= 2;
            highSpent = Spend(high);
            if (high > options.MaximumNoiseMultiplier)
            {
                throw new ArgumentException(
                    $"no noise multiplier up to {options.MaximumNoiseMultiplier:g} spends at most epsilon = {target.Epsilon:g} at delta = {target.Delta:g} over {steps:N0} steps at sample rate {sampleRate:g}: the budget is too small");
            }
        }
        while (highSpent.Epsilon > target.Epsilon);

        while (low == 0 || target.Epsilon - highSpent.Epsilon > options.EpsilonTolerance)
        {
            var sigma = (low + high) / 2;
            var spent = Spend(sigma);
            if (spent.Epsilon < target.Epsilon)
            {
                (high, highSpent) = (sigma, spent);
            }
            else
            {
                low = sigma;
            }
        }

        return new NoiseCalibrationResult(high, highSpent, low, evaluations);
    }
}
