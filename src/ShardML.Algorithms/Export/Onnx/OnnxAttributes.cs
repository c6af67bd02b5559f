using Google.Protobuf;
using Onnx;

namespace ShardML.Algorithms.Export.Onnx;

/// <summary>Attributes of a node, set fluently where the node is added.</summary>
internal static class OnnxAttributes
{
    public static NodeProto With(this NodeProto node, string name, long value) =>
        node.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    public static NodeProto With(this NodeProto node, string name, float value) =>
        node.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    public static NodeProto With(this NodeProto node, string name, string value) =>
        node.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    public static NodeProto With(this NodeProto node, string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return node.Add(attribute);
    }

    public static NodeProto With(this NodeProto node, string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        return node.Add(attribute);
    }

    public static NodeProto With(this NodeProto node, string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return node.Add(attribute);
    }

    private static NodeProto Add(this NodeProto node, AttributeProto attribute)
    {
        node.Attribute.Add(attribute);
        return node;
    }
}
