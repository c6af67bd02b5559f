using System.Globalization;
using ShardML.Algorithms.Evaluation;
using ShardML.Algorithms.Models;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>
/// What a measured training adds to <c>train</c>'s report: the held-out rows' metrics beside the training rows', the
/// folds of <c>cv</c> with their mean and spread, and the candidates of <c>tune</c> with the one chosen.
/// </summary>
internal static class EvaluationTables
{
    /// <summary>The label of a metric measured on the training rows (every table says which rows it measured).</summary>
    public static string Training(string metric) => $"{metric} (training rows)";

    public static void Write(Reporter reporter, TrainingSummary summary)
    {
        if (summary.Validation is { } validation)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("metric").AddColumn(new TableColumn("training rows").RightAligned()).AddColumn(new TableColumn("validation rows").RightAligned());
            table.Title = new TableTitle($"held out {validation.Fraction:P0}: {validation.TrainingRows:N0} rows trained on, {validation.ValidationRows:N0} validation rows");
            foreach (var (name, value) in validation.Metrics)
            {
                var training = summary.TrainingMetrics is { } metrics && metrics.TryGetValue(name, out var t) ? Number(t) : "—";
                table.AddRow(Markup.Escape(name), training, Number(value));
            }

            reporter.Console.Write(table);
        }

        if (summary.CrossValidation is { } cv)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("metric");
            for (var k = 0; k < cv.Folds; k++)
            {
                table.AddColumn(new TableColumn($"fold {k + 1}").RightAligned());
            }

            table.AddColumn(new TableColumn("mean").RightAligned()).AddColumn(new TableColumn("std").RightAligned());
            table.Title = new TableTitle($"{cv.Folds}-fold cross-validation: each fold's held-out rows");
            foreach (var (name, mean) in cv.Mean)
            {
                table.AddRow([Markup.Escape(name), .. cv.FoldMetrics.Select(f => Number(f[name])), Number(mean), Number(cv.StandardDeviation[name])]);
            }

            reporter.Console.Write(table);
        }

        if (summary.Tuning is { } tuning)
        {
            var names = tuning.Candidates.SelectMany(c => c.Parameters.Keys).Distinct(StringComparer.Ordinal).ToList();
            // Every candidate's metrics, in order of first appearance: candidates of different kinds (softmax and
            // one-vs-rest) may report different ones, and a candidate without one shows an empty cell.
            var metrics = tuning.Candidates.SelectMany(c => c.Metrics.Keys).Where(k => k != "rows").Distinct(StringComparer.Ordinal).ToList();
            var table = new Table().Border(TableBorder.Rounded).AddColumn("#");
            names.ForEach(n => table.AddColumn(Markup.Escape(n)));
            metrics.ForEach(m => table.AddColumn(new TableColumn(Markup.Escape(m == tuning.Metric ? $"{m} ({(tuning.HigherIsBetter ? "max" : "min")})" : m)).RightAligned()));
            table.AddColumn(new TableColumn("iterations").RightAligned());
            table.Title = new TableTitle($"{tuning.Candidates.Count} candidates by {tuning.Method}, held-out metrics{(tuning.Method == "cross-validation" ? " (mean ± std over folds)" : string.Empty)}");
            for (var c = 0; c < tuning.Candidates.Count; c++)
            {
                var candidate = tuning.Candidates[c];
                var row = new List<string> { c == tuning.Best ? $"[green]{c + 1} ★[/]" : (c + 1).ToString(CultureInfo.InvariantCulture) };
                row.AddRange(names.Select(n => Markup.Escape(candidate.Parameters.GetValueOrDefault(n) ?? "")));
                row.AddRange(metrics.Select(m => !candidate.Metrics.TryGetValue(m, out var value) ? string.Empty
                    : Number(value) + (candidate.StandardDeviation is { } sd ? $" ± {sd[m]:G3}" : string.Empty)));
                row.Add(candidate.Iterations.ToString("G4", CultureInfo.InvariantCulture));
                table.AddRow([.. row]);
            }

            reporter.Console.Write(table);
            var best = tuning.Candidates[tuning.Best];
            reporter.Line($"best: [green]{Markup.Escape(string.Join(' ', best.Parameters.Select(p => $"{p.Key}={p.Value}")))}[/] ({Markup.Escape(tuning.Metric)} {Number(best.Metrics[tuning.Metric])} on held-out rows)"
                + (tuning.Refit ? "; the model was trained again on all rows" : string.Empty));
            if (tuning.Passes > 0)
            {
                reporter.Line($"[grey]{tuning.Passes:N0} shared passes over the data served {tuning.PassesAlone:N0} passes of the candidates' trainings[/]");
            }
        }
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
