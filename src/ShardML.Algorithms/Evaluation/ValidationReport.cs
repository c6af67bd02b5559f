namespace ShardML.Algorithms.Evaluation;

/// <summary>How a model trained with rows held out did on them (<c>ValidationFraction</c>), saved with the model.</summary>
/// <param name="Fraction">The fraction of rows held out, in expectation.</param>
/// <param name="Seed">The split's key: with the row numbers, it decides which rows are held out.</param>
/// <param name="TrainingRows">Rows trained on.</param>
/// <param name="ValidationRows">Rows held out.</param>
/// <param name="Metrics">The model's metrics on the held-out rows.</param>
public sealed record ValidationReport(double Fraction, ulong Seed, long TrainingRows, long ValidationRows, IReadOnlyDictionary<string, double> Metrics);
