using System.Collections;
using System.Reflection;

namespace ShardML.Algorithms.Tests.Support;

/// <summary>
/// Deep equality over public properties, element by element through collections, floats compared by bits: what
/// "the same value" means for a decoded message or a reloaded model, whose arrays are never reference-equal.
/// </summary>
public static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path = "value")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        var type = expected.GetType();
        Assert.True(type == actual.GetType(), $"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        switch (expected)
        {
            case float f:
                Assert.True(BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits((float)actual), $"{path}: expected {f:R}, got {actual}");
                return;
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual), $"{path}: expected {d:R}, got {actual}");
                return;
            case string or Enum or decimal:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IEnumerable sequence:
                var left = sequence.Cast<object?>().ToList();
                var right = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} elements, got {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    AssertEqual(left[i], right[i], $"{path}[{i}]");
                }

                return;
        }

        if (type.IsPrimitive)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        // A step may take no parameters (it is its type); anything else with nothing to compare is a sample that proves nothing.
        Assert.True(properties.Length > 0 || expected is Core.Execution.IPartitionStep, $"{path}: a {type.Name} has no public properties to compare");
        foreach (var property in properties)
        {
            AssertEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }
}
