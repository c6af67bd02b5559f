using Onnx;
using ShardML.Algorithms.Export.Onnx;

namespace ShardML.Algorithms.LinearModels;

/// <summary>
/// A linear classifier as the ONNX-ML <c>LinearClassifier</c> (scores in float), with the classes as string labels
/// in model order. Outputs <c>label</c> (string [N]) and <c>probabilities</c> (logistic) or <c>scores</c> (hinge),
/// float [N, k].
/// <list type="bullet">
/// <item>Binary: two rows, z for the positive class and −z for the other, so the label is the positive class when
/// z &gt; −z, i.e. z &gt; 0, as <see cref="Classification.LinearDecision"/> decides (with the positive class first in
/// model order, a score of exactly 0 goes to it instead). LOGISTIC gives [σ(−z), σ(z)] in class order: ShardML's
/// 1 − σ(z) and σ(z). Hinge models give the decision values −z and z (post-transform NONE).</item>
/// <item>One-vs-rest: one row per class, the label the class of the largest score (the first on a tie, as ShardML).
/// Logistic probabilities are each class's σ(z_c) normalized to sum to one (LOGISTIC, then a Normalizer with the L1
/// norm), as <see cref="Classification.LinearDecision.Probabilities"/> computes them; hinge models give z_c.</item>
/// <item>Multinomial: one row per class as one-vs-rest, probabilities by the SOFTMAX post-transform (the runtime
/// subtracts the largest score before exponentiating, as <see cref="Core.Numerics.Losses.SoftmaxCrossEntropy"/> does),
/// so no Normalizer follows.</item>
/// </list>
/// </summary>
internal static class LinearClassifierOnnx
{
    public static void Add(LinearClassifierModel model, OnnxGraph graph, string features)
    {
        var (weights, intercepts) = model.OnnxCoefficients();
        var k = model.Classes.Length;
        var binary = model.PositiveClass >= 0;
        var coefficients = new List<float>(k * model.FeatureNames.Length);
        var biases = new float[k];
        for (var c = 0; c < k; c++)
        {
            var output = binary ? 0 : c;
            var sign = binary && c != model.PositiveClass ? -1 : 1;
            coefficients.AddRange(weights[output].Select(w => (float)(sign * w)));
            biases[c] = (float)(sign * intercepts[output]);
        }

        var scoresName = model.IsProbabilistic ? "probabilities" : "scores";
        var normalized = model.IsProbabilistic && !binary && !model.Multinomial;
        var scores = normalized ? graph.Fresh("class_probabilities") : scoresName;
        graph.Node("LinearClassifier", [features], ["label", scores], OnnxGraph.MlDomain)
            .With("coefficients", coefficients)
            .With("intercepts", biases)
            .With("classlabels_strings", model.Classes)
            .With("post_transform", !model.IsProbabilistic ? "NONE" : model.Multinomial ? "SOFTMAX" : "LOGISTIC")
            .With("multi_class", 0L);
        if (normalized)
        {
            graph.Node("Normalizer", [scores], scoresName, OnnxGraph.MlDomain).With("norm", "L1");
        }

        graph.Output("label", TensorProto.Types.DataType.String);
        graph.Output(scoresName, TensorProto.Types.DataType.Float, k);
    }
}
