using ShardML.Algorithms.Privacy;

namespace ShardML.Examples;

/// <summary>docs/PRIVACY.md, "From the library".</summary>
internal static class PrivacyAccountingExample
{
    public static Task RunAsync()
    {
        // The noise a budget needs: 2,250 steps at sample rate 0.04 within (ε, δ) = (8, 1e-5)
        var plan = NoiseCalibration.Calibrate(new PrivacyBudget(Epsilon: 8, Delta: 1e-5), sampleRate: 0.04, steps: 2250, AccountantKind.Rdp);
        Console.WriteLine($"σ = {plan.NoiseMultiplier:G6} spends ε = {plan.Spent.Epsilon:G6} at order {plan.Spent.Order}");

        // What a run spends: record the steps as they are taken, ask at any δ
        var accountant = PrivacyAccountants.Create(AccountantKind.Rdp);
        accountant.Record(noiseMultiplier: 1.5, sampleRate: 0.04, steps: 1250);
        AccountantState checkpoint = accountant.State;   // [MemoryPackable]: save it with the training checkpoint

        // A resumed job continues the sum from the checkpoint, never from zero
        var resumed = PrivacyAccountants.Restore(checkpoint);
        resumed.Record(noiseMultiplier: 1.5, sampleRate: 0.04, steps: 1000);
        var spent = resumed.GetEpsilon(delta: 1e-5);
        Console.WriteLine($"ε = {spent.Epsilon:G6} after {resumed.History.TotalSteps} steps (order {spent.Order})");
        return Task.CompletedTask;
    }
}
