namespace ShardML.Algorithms.Evaluation;

/// <summary>A hyperparameter search (<c>shardml tune</c>): every candidate's held-out metrics and the one chosen.</summary>
/// <param name="Metric">The metric candidates were ranked by.</param>
/// <param name="HigherIsBetter">True when a larger value of <paramref name="Metric"/> is better.</param>
/// <param name="Method">How candidates were measured: "validation" (a held-out fraction) or "cross-validation".</param>
/// <param name="Candidates">Every candidate, in the order they were listed.</param>
/// <param name="Best">The index of the chosen candidate.</param>
/// <param name="Refit">True when the model is the best candidate trained again on all rows; false when it is the candidate as measured.</param>
/// <param name="Passes">Passes over the data the candidates' trainings ran, shared.</param>
/// <param name="PassesAlone">Passes the same trainings would have run as separate jobs.</param>
public sealed record TuningReport(
    string Metric, bool HigherIsBetter, string Method, IReadOnlyList<CandidateReport> Candidates, int Best, bool Refit, int Passes, int PassesAlone);

/// <summary>One candidate of a search.</summary>
/// <param name="Parameters">Its hyperparameters as given (name → value).</param>
/// <param name="Metrics">Its metrics on held-out rows (the mean over folds under cross-validation).</param>
/// <param name="StandardDeviation">Under cross-validation, each metric's spread over the folds; null otherwise.</param>
/// <param name="Iterations">Iterations its training ran (the mean over folds).</param>
public sealed record CandidateReport(
    IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double>? StandardDeviation, double Iterations);
