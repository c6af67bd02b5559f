namespace ShardML.Runtime;

/// <summary>What it took to finish a pass beyond sending it once.</summary>
/// <param name="Retries">Rounds in which the shares of failed silos were sent again elsewhere.</param>
/// <param name="Speculations">Shares run a second time on another silo because they straggled.</param>
/// <param name="RecoverySeconds">Time from the first failure in the pass to its end; zero without failures.</param>
internal readonly record struct PassOutcome(int Retries, int Speculations, double RecoverySeconds);
