using Onnx;
using ShardML.Algorithms.Export.Onnx;

namespace ShardML.Algorithms.NaiveBayes;

/// <summary>
/// Gaussian naive Bayes as standard ONNX operators in double, the computation of
/// <see cref="NaiveBayesParameters.JointLogLikelihood(ReadOnlySpan{float}, Span{double})"/>: the deviations x − μ_k for
/// every class at once (Unsqueeze to [N, 1, d], Sub the [k, d] means), squared, times the inverse variances, summed
/// over the features (ReduceSum), times −½, plus each class's constant log π_k − ½ Σ log 2πσ². The class is ArgMax's
/// (the first on a tie) looked up in the class names (Gather); the probabilities are the Softmax of the joint
/// log-likelihoods. Outputs <c>label</c> (string [N]) and <c>probabilities</c> (float [N, k]). Memory: N·k·d doubles.
/// </summary>
internal static class NaiveBayesOnnx
{
    public static void Add(GaussianNaiveBayesModel model, OnnxGraph graph, string features)
    {
        var parameters = model.Parameters();
        var k = parameters.Classes;
        var d = parameters.Dimension;
        var rows = graph.Apply("Unsqueeze", "rows", features, graph.Constant("class_axis", [1L], 1));
        var deviations = graph.Apply("Sub", "deviations", rows, graph.Constant("means", parameters.Means, k, d));
        var squares = graph.Apply("Mul", "squares", deviations, deviations);
        var scaled = graph.Apply("Mul", "scaled", squares, graph.Constant("inverse_variances", parameters.InverseVariances, k, d));
        var quadratic = graph.Node("ReduceSum", [scaled, graph.Constant("feature_axis", [2L], 1)], graph.Fresh("quadratic")).With("keepdims", 0L).Output[0];
        var half = graph.Apply("Mul", "half_quadratic", quadratic, graph.Constant("minus_half", [-0.5]));
        var joint = graph.Apply("Add", "joint_log_likelihood", half, graph.Constant("constants", parameters.Constants, k));
        var best = graph.Node("ArgMax", [joint], graph.Fresh("class_index")).With("axis", 1L).With("keepdims", 0L).Output[0];
        graph.Node("Gather", [graph.Constant("classes", model.Classes), best], "label").With("axis", 0L);
        var probabilities = graph.Node("Softmax", [joint], graph.Fresh("probabilities_double")).With("axis", 1L).Output[0];
        graph.Node("Cast", [probabilities], "probabilities").With("to", (long)TensorProto.Types.DataType.Float);
        graph.Output("label", TensorProto.Types.DataType.String);
        graph.Output("probabilities", TensorProto.Types.DataType.Float, k);
    }
}
