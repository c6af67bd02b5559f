using System.Globalization;
using System.Text.Json;
using ShardML.Algorithms.Models.Inspection;
using Spectre.Console;

namespace ShardML.Cli.Output;

/// <summary>A model's description for people: a heading, then a table per part the model has.</summary>
internal static class ModelDescriptionView
{
    /// <summary>Centers and class statistics show this many features as columns at most; --json has them all.</summary>
    private const int FeatureColumns = 12;

    public static void Write(IAnsiConsole console, ModelDescription model, int top)
    {
        console.MarkupLine($"[bold]{Markup.Escape(model.Kind)}[/] ({Markup.Escape(model.Algorithm)}) on {model.Features.Count} feature(s){(model.Label is null ? string.Empty : $", label '{Markup.Escape(model.Label)}'")}");
        if (model.Classes is { } classes)
        {
            console.MarkupLine($"classes: {Markup.Escape(string.Join(", ", classes))}{(model.PositiveClass is null ? string.Empty : $" (positive: {Markup.Escape(model.PositiveClass)})")}");
        }

        if (model.Outputs is { Count: > 0 } outputs)
        {
            var standardized = outputs[0].Weights.Count > 0 && outputs[0].Weights[0].Standardized is not null;
            console.MarkupLine($"weights on raw features, largest {(standardized ? "per standard deviation of the feature " : string.Empty)}first");
        }

        foreach (var output in model.Outputs ?? [])
        {
            console.Write(Weights(output, top));
        }

        if (model.Clusters is { } clusters)
        {
            console.Write(Clusters(model.Features, clusters));
        }

        if (model.ClassStatistics is { } statistics)
        {
            console.Write(Statistics(model.Features, statistics));
        }

        foreach (var step in model.Preprocessing)
        {
            console.Write(Preprocessing(model.Features, step));
        }

        console.Write(Hyperparameters(model.Hyperparameters));
        console.Write(Training(model.Training));
    }

    private static Table Weights(OutputWeights output, int top)
    {
        var standardized = output.Weights.Count > 0 && output.Weights[0].Standardized is not null;
        var shown = Math.Min(top, output.Weights.Count);
        var title = (output.Output is null ? "weights" : $"weights for '{Markup.Escape(output.Output)}'")
            + (shown < output.Weights.Count ? $" ({shown} of {output.Weights.Count}; --top)" : string.Empty);
        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn("feature").AddColumn(new TableColumn("weight").RightAligned());
        if (standardized)
        {
            table.AddColumn(new TableColumn("per std. dev.").RightAligned());
        }

        table.AddRow(["[italic](intercept)[/]", Number(output.Intercept), .. standardized ? new[] { string.Empty } : []]);
        foreach (var weight in output.Weights.Take(shown))
        {
            table.AddRow([Markup.Escape(weight.Feature), Number(weight.Weight), .. standardized ? new[] { Number(weight.Standardized!.Value) } : []]);
        }

        return table;
    }

    private static Table Clusters(IReadOnlyList<string> features, IReadOnlyList<ClusterDescription> clusters)
    {
        var table = FeatureTable("cluster centers", ["cluster", "size"], features);
        foreach (var cluster in clusters)
        {
            table.AddRow([cluster.Cluster.ToString(CultureInfo.InvariantCulture), cluster.Size.ToString("N0", CultureInfo.InvariantCulture), .. cluster.Center.Take(FeatureColumns).Select(Number)]);
        }

        return table;
    }

    private static Table Statistics(IReadOnlyList<string> features, IReadOnlyList<ClassStatistics> statistics)
    {
        var table = FeatureTable("per class: prior, rows, then mean ± standard deviation of each feature", ["class", "prior", "rows"], features);
        foreach (var s in statistics)
        {
            var cells = s.Means.Zip(s.Variances, (m, v) => $"{Number(m)} ± {Number(Math.Sqrt(v))}").Take(FeatureColumns);
            table.AddRow([Markup.Escape(s.Class), Number(s.Prior), s.Rows.ToString("N0", CultureInfo.InvariantCulture), .. cells]);
        }

        return table;
    }

    private static Table Preprocessing(IReadOnlyList<string> features, PreprocessingStep step)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(step.Name)).Caption(Markup.Escape(step.Description)).AddColumn("feature");
        foreach (var name in step.Parameters.Keys)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        for (var j = 0; j < features.Count; j++)
        {
            table.AddRow([Markup.Escape(features[j]), .. step.Parameters.Values.Select(v => Number(v[j]))]);
        }

        return table;
    }

    private static Table Hyperparameters(object options)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("hyperparameters").AddColumn("option").AddColumn("value");
        using var document = JsonSerializer.SerializeToDocument(options, options.GetType(), Reporter.JsonOptions);
        foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null))
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            table.AddRow(Markup.Escape(property.Name), Markup.Escape(value.Length > 80 ? string.Concat(value.AsSpan(0, 77), "…") : value));
        }

        return table;
    }

    private static Table Training(Algorithms.Models.TrainingSummary summary)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("training").AddColumn("").AddColumn("");
        table.ShowHeaders = false;
        table.AddRow("iterations", summary.Iterations.ToString(CultureInfo.InvariantCulture));
        table.AddRow("converged", summary.Converged ? "yes" : "[yellow]no[/]");
        table.AddRow("final loss", Number(summary.FinalLoss));
        table.AddRow("loss history", summary.LossHistory.Length == 0 ? "none" : $"{summary.LossHistory.Length} values, {Number(summary.LossHistory[0])} → {Number(summary.LossHistory[^1])}");
        table.AddRow("rows, partitions", $"{summary.Rows:N0}, {summary.Partitions}");
        if (summary.RelativeDualityGap is { } gap)
        {
            table.AddRow("relative duality gap", Number(gap));
        }

        if (summary.Privacy is { } privacy)
        {
            table.AddRow(
                "differential privacy",
                Markup.Escape(privacy.Describe())
                + (privacy.TestSeed ? " [red]TEST SEED: protects nothing[/]" : string.Empty));
        }

        foreach (var note in summary.Notes)
        {
            table.AddRow("note", Markup.Escape(note));
        }

        return table;
    }

    private static Table FeatureTable(string title, string[] leading, IReadOnlyList<string> features)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(features.Count > FeatureColumns ? $"{title} (first {FeatureColumns} of {features.Count} features; --json has all)" : title);
        foreach (var column in leading)
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var feature in features.Take(FeatureColumns))
        {
            table.AddColumn(new TableColumn(Markup.Escape(feature)).RightAligned());
        }

        return table;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
