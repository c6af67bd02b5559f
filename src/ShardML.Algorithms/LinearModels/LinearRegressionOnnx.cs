using Onnx;
using ShardML.Algorithms.Export.Onnx;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A linear regression as ONNX: ŷ = x·w + b by MatMul and Add in double, then rounded to float — what
/// <see cref="LinearRegressionModel.Predict(ReadOnlySpan{float})"/> does. (The ONNX-ML LinearRegressor keeps its
/// coefficients in float, which would lose digits a large target needs.) Output <c>prediction</c>: float [N, 1].
/// </summary>
internal static class LinearRegressionOnnx
{
    public static void Add(LinearRegressionModel model, OnnxGraph graph, string features)
    {
        var (weights, intercepts) = model.OnnxCoefficients();
        var d = model.FeatureNames.Length;
        var product = graph.Apply("MatMul", "product", features, graph.Constant("weights", weights[0], d, 1));
        var score = graph.Apply("Add", "score", product, graph.Constant("intercept", intercepts, 1));
        graph.Node("Cast", [score], "prediction").With("to", (long)TensorProto.Types.DataType.Float);
        graph.Output("prediction", TensorProto.Types.DataType.Float, 1);
    }
}
