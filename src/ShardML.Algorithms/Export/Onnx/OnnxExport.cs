using System.Text.Json;
using Google.Protobuf;
using Onnx;
using ShardML.Algorithms.Models;

namespace ShardML.Algorithms.Export.Onnx;

/// <summary>
/// Writes a trained model as an ONNX model that ONNX Runtime, ML.NET or any ONNX-ML runtime can score. The graph takes
/// one input, <c>features</c>: float, [N, d], the model's features in <see cref="TrainedModel.FeatureNames"/> order.
/// It widens them to double, applies the model's preprocessing (<see cref="TrainedModel.AddOnnxPreprocessing"/>), then
/// the model's own nodes (<see cref="TrainedModel.AddOnnxNodes"/>), which name the outputs. Each model reproduces
/// its own <c>Predict</c>: the same operations in double with standard operators, except linear classifiers, which
/// use the ONNX-ML LinearClassifier that other tools recognize (it computes in float).
/// <para>
/// Opsets: ai.onnx 17 and ai.onnx.ml 3, IR version 8 — read by ONNX Runtime ≥ 1.11 and by ML.NET's ONNX transformer.
/// The file's metadata names the features, the label, the algorithm and, for classifiers, the classes.
/// </para>
/// </summary>
public static class OnnxExport
{
    public const int OperatorSet = 17;

    public const int MlOperatorSet = 3;

    public const long IrVersion = 8;

    /// <summary>The graph's input.</summary>
    public const string InputName = "features";

    /// <summary>Writes <paramref name="model"/> as ONNX to <paramref name="stream"/>.</summary>
    public static void Write(TrainedModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Problem() is { } problem)
        {
            throw new ArgumentException($"the model cannot be exported: {problem}", nameof(model));
        }

        Build(model).WriteTo(stream);
    }

    /// <summary>The ONNX model's bytes.</summary>
    public static byte[] ToBytes(TrainedModel model)
    {
        using var stream = new MemoryStream();
        Write(model, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file renamed into place.</summary>
    public static async Task SaveAsync(TrainedModel model, string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await File.WriteAllBytesAsync(temporary, ToBytes(model), cancellationToken);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static ModelProto Build(TrainedModel model)
    {
        var kind = model.CatalogName();
        var graph = new OnnxGraph($"shardml-{kind}");
        var d = model.FeatureNames.Length;
        graph.Proto.Input.Add(OnnxGraph.Value(InputName, TensorProto.Types.DataType.Float, d));

        // The models compute in double on float rows; so does the graph until its outputs.
        var wide = graph.Node("Cast", [InputName], graph.Fresh("features_double")).With("to", (long)TensorProto.Types.DataType.Double).Output[0];
        var features = model.AddOnnxPreprocessing(graph, wide);
        model.AddOnnxNodes(graph, features);

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ShardML",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "shardml",
            ModelVersion = ModelFile.CurrentVersion,
            DocString = $"ShardML {kind} model on {d} features: {Describe(model.FeatureNames)}",
            Graph = graph.Proto,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OperatorSet });
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxGraph.MlDomain, Version = MlOperatorSet });
        proto.MetadataProps.Add(Entry("shardml.algorithm", kind));
        proto.MetadataProps.Add(Entry("shardml.features", JsonSerializer.Serialize(model.FeatureNames)));
        if (model.LabelName is { } label)
        {
            proto.MetadataProps.Add(Entry("shardml.label", label));
        }

        if (model.Describe().Classes is { } classes)
        {
            proto.MetadataProps.Add(Entry("shardml.classes", JsonSerializer.Serialize(classes)));
        }

        return proto;
    }

    private static string Describe(string[] names) => string.Join(", ", names.Take(16)) + (names.Length > 16 ? ", …" : string.Empty);

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };
}
