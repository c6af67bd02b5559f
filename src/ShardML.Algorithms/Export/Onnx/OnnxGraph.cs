using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ShardML.Algorithms.Export.Onnx;

/// <summary>
/// The graph an export writes, built node by node. Models add their nodes through it (<see cref="Models.TrainedModel"/>'s
/// ONNX members) and never touch the protobuf types. Every intermediate value gets a fresh name, so stages written by
/// different parts of ShardML (preprocessing, then the model) cannot collide.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The ONNX-ML operator domain (LinearClassifier, Normalizer, …).</summary>
    public const string MlDomain = "ai.onnx.ml";

    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);

    public OnnxGraph(string name) => Proto = new GraphProto { Name = name };

    public GraphProto Proto { get; }

    /// <summary>A name not used yet, from <paramref name="stem"/>.</summary>
    public string Fresh(string stem)
    {
        var count = _used.GetValueOrDefault(stem);
        _used[stem] = count + 1;
        return count == 0 ? stem : $"{stem}_{count}";
    }

    /// <summary>
    /// A constant tensor of doubles (an initializer), stored as raw bytes: ONNX's raw data is little-endian, the byte
    /// order of every platform .NET runs on, so the values' memory is the field.
    /// </summary>
    public string Constant(string stem, ReadOnlySpan<double> values, params long[] dimensions)
    {
        var tensor = Tensor(stem, TensorProto.Types.DataType.Double, dimensions);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return Add(tensor);
    }

    /// <summary>A constant tensor of 64-bit integers (axes, shapes).</summary>
    public string Constant(string stem, ReadOnlySpan<long> values, params long[] dimensions)
    {
        var tensor = Tensor(stem, TensorProto.Types.DataType.Int64, dimensions);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values));
        return Add(tensor);
    }

    /// <summary>A constant vector of UTF-8 strings (class names).</summary>
    public string Constant(string stem, IReadOnlyList<string> values)
    {
        var tensor = Tensor(stem, TensorProto.Types.DataType.String, values.Count);
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        return Add(tensor);
    }

    /// <summary>Adds a node of <paramref name="operation"/> and returns it, for its attributes; its output is named from <paramref name="output"/>.</summary>
    public NodeProto Node(string operation, IEnumerable<string> inputs, string output, string domain = "") =>
        Node(operation, inputs, [output], domain);

    public NodeProto Node(string operation, IEnumerable<string> inputs, IReadOnlyList<string> outputs, string domain = "")
    {
        var node = new NodeProto { OpType = operation, Domain = domain, Name = Fresh(operation) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        Proto.Node.Add(node);
        return node;
    }

    /// <summary>Adds a node with one output, named fresh from <paramref name="stem"/>, and returns that name.</summary>
    public string Apply(string operation, string stem, params string[] inputs) => Node(operation, inputs, Fresh(stem)).Output[0];

    /// <summary>Declares a graph input or output: a tensor of <paramref name="type"/>, rows named "N", then fixed sizes.</summary>
    public static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long[] sizesAfterRows)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.AddRange(sizesAfterRows.Select(s => new TensorShapeProto.Types.Dimension { DimValue = s }));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    /// <summary>Declares <paramref name="name"/>, a value some node writes, as an output of the graph.</summary>
    public void Output(string name, TensorProto.Types.DataType type, params long[] sizesAfterRows) =>
        Proto.Output.Add(Value(name, type, sizesAfterRows));

    private TensorProto Tensor(string stem, TensorProto.Types.DataType type, params long[] dimensions)
    {
        var tensor = new TensorProto { Name = Fresh(stem), DataType = (int)type };
        tensor.Dims.AddRange(dimensions);
        return tensor;
    }

    private string Add(TensorProto tensor)
    {
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }
}
