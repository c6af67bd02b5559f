using Onnx;
using ShardML.Algorithms.Export.Onnx;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// K-means as ONNX, which has no clustering operator: the squared distances ‖x‖² − 2x·c + ‖c‖² by ReduceSumSquare,
/// Gemm (α = −2, the centers transposed, the centers' squared norms as its bias) and Add, the nearest center by ArgMin
/// (the first on a tie, as <see cref="KMeansModel.Predict(ReadOnlySpan{float})"/>), the distances by Sqrt of the
/// squares clipped at 0 — the graph skl2onnx and ML.NET build, here in double. Outputs <c>cluster</c> (int64 [N]) and
/// <c>distances</c> to every center (float [N, k]).
/// </summary>
internal static class KMeansOnnx
{
    public static void Add(KMeansModel model, OnnxGraph graph, string features)
    {
        var k = model.Centers.Length;
        var d = model.FeatureNames.Length;
        var centers = new double[k * d];
        var norms = new double[k];
        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
            {
                double v = model.Centers[c][j];
                centers[(c * d) + j] = v;
                norms[c] += v * v;
            }
        }

        var rowNorms = graph.Node("ReduceSumSquare", [features], graph.Fresh("row_norms")).With("axes", [1L]).With("keepdims", 1L).Output[0];
        var cross = graph.Node("Gemm", [features, graph.Constant("centers", centers, k, d), graph.Constant("center_norms", norms, k)], graph.Fresh("cross"))
            .With("alpha", -2f).With("beta", 1f).With("transB", 1L).Output[0];
        var squares = graph.Apply("Add", "squared_distances", rowNorms, cross);
        graph.Node("ArgMin", [squares], "cluster").With("axis", 1L).With("keepdims", 0L);
        var clipped = graph.Apply("Max", "clipped", squares, graph.Constant("zero", [0.0]));
        var distances = graph.Apply("Sqrt", "distances_double", clipped);
        graph.Node("Cast", [distances], "distances").With("to", (long)TensorProto.Types.DataType.Float);
        graph.Output("cluster", TensorProto.Types.DataType.Int64);
        graph.Output("distances", TensorProto.Types.DataType.Float, k);
    }
}
