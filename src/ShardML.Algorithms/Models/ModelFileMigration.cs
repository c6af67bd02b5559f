using System.Text.Json.Nodes;

namespace ShardML.Algorithms.Models;

/// <summary>
/// Reads model files of older format versions as the current one. Version 1 had one linear type, <c>"linear"</c>, for
/// regressors and classifiers alike, and a separate <c>"linear-regression"</c> with its own options; version 2 has
/// <c>"linear-regression"</c> and <c>"linear-classifier"</c>, both trained by the one linear stack. Versions before 4
/// had no multiclass option (<see cref="BeforeMulticlass"/>).
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

    /// <summary>
    /// Files of versions 1 to 3 predate the multiclass option: their linear classifiers of more than two classes are
    /// one-vs-rest, which their hyperparameters now say, rather than taking the option's new default, softmax.
    /// </summary>
    public static void BeforeMulticlass(JsonObject model)
    {
        if (Text(model["algorithm"]) == "linear-classifier" && model["hyperparameters"] is JsonObject options && !options.ContainsKey("multiclass"))
        {
            options["multiclass"] = "one-vs-rest";
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
