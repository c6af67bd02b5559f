using System.Text.Json.Nodes;

namespace ShardML.Algorithms.Models;

/// <summary>
/// Reads model files of format version 1 as version 2. Version 1 had one linear type, <c>"linear"</c>, for
/// regressors and classifiers alike, and a separate <c>"linear-regression"</c> with its own options; version 2 has
/// <c>"linear-regression"</c> and <c>"linear-classifier"</c>, both trained by the one linear stack.
/// </summary>
internal static class ModelFileMigration
{
    public static void FromVersion1(JsonObject model)
    {
        var algorithm = Text(model["algorithm"]);
        if (algorithm == "linear")
        {
            var classifier = model["classes"] is JsonArray;
            model["algorithm"] = classifier ? "linear-classifier" : "linear-regression";
            if (!classifier)
            {
                model.Remove("classes");
                model.Remove("positiveClass");
            }
        }
        else if (algorithm == "linear-regression" && model["weights"] is JsonArray weights && weights.All(w => w is JsonValue))
        {
            model["weights"] = new JsonArray(weights.DeepClone());
            model["intercepts"] = new JsonArray(model["intercept"]?.DeepClone());
            model.Remove("intercept");
            model["loss"] = "squared";
            if (model["hyperparameters"] is JsonObject options)
            {
                options["loss"] = "squared";
                options["solver"] = Text(options["solver"]) == "normal" ? "normal-equations" : "gradient-descent";
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
