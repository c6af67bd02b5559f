using System.Text;
using System.Text.Json.Nodes;
using ShardML.Core.Data.Shard;

namespace ShardML.Cli.Tests.Hostile;

/// <summary>
/// Deterministic mutations of a valid input, one to three per case, from a seeded generator (System.Random with a
/// seed draws the same sequence on every run and machine): flipped bytes, truncation, huge numbers and lines, NaN and
/// infinities, stray quotes and separators, invalid UTF-8, deep nesting, and for a <c>.shard</c> file header fields
/// rewritten with a valid hash. Each case says what was done, so a failure can be replayed by its seed and index.
/// </summary>
internal static class InputMutator
{
    private static readonly string[] Tokens =
    [
        "NaN", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "1e308", "3.5e38", "1e-400", "-0", "0x1F", "1,5", "\"", "\"\"", "\"4.5\"",
        ",", ",,", ":", "::", " ", "\t", "\r", "\0", "#", "\u00e9", "\u202e", "99999999999999999999999999999999999999", "4294967297:1", "-1:2", "0:1",
        "{", "}", "[", "]", "null", "true", "\"algorithm\": 7", "\"version\": 99", "\"format\": \"x\"",
    ];

    /// <summary>A mutation of <paramref name="input"/>, an input of <paramref name="format"/> ("csv", "svm", "shard" or "json").</summary>
    public static (byte[] Bytes, string What) Mutate(byte[] input, Random random, string format) => format switch
    {
        "json" when random.Next(2) == 0 => MutateJson(input, random),
        "shard" when random.Next(3) > 0 => MutateShard(input, random),
        _ => MutateBytes(input, random, format == "shard"),
    };

    /// <summary>A few bytes of a <c>.shard</c> file overwritten in place (or a header field crafted), then every hash made to hold.</summary>
    private static (byte[] Bytes, string What) MutateShard(byte[] input, Random random)
    {
        var bytes = input.ToArray();
        var what = new List<string>();
        var count = 1 + random.Next(3);
        for (var m = 0; m < count; m++)
        {
            if (random.Next(3) == 0)
            {
                what.Add(CraftHeader(ShardReseal.Reseal(bytes), random));
                continue;
            }

            // A float in the data, the metadata's JSON or the table: NaN, infinity, a class code out of range, garbage.
            var at = random.Next(bytes.Length - 4);
            var value = random.Next(4) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => 1e30f * random.Next(-3, 4), _ => BitConverter.Int32BitsToSingle(random.Next()) };
            BitConverter.TryWriteBytes(bytes.AsSpan(at), value);
            what.Add($"{value} written at {at}");
        }

        return (ShardReseal.Reseal(bytes), string.Join(", ", what) + ", resealed");
    }

    /// <summary>One value of a model file replaced (or a property removed), by the JSON's structure.</summary>
    private static (byte[] Bytes, string What) MutateJson(byte[] input, Random random)
    {
        var root = JsonNode.Parse(input)!;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var path = target.GetPath();
        JsonNode? replacement = random.Next(16) switch
        {
            0 => "NaN",
            1 => "Infinity",
            2 => 1e308,
            3 => -1e308,
            4 => 0,
            5 => int.MaxValue,
            6 => -1,
            7 => null,
            8 => true,
            9 => new string('x', random.Next(100_000)),
            10 => new JsonArray(),
            11 => new JsonObject(),
            12 => JsonNode.Parse(string.Concat(Enumerable.Repeat("[", 12)) + string.Concat(Enumerable.Repeat("]", 12))),
            13 => JsonNode.Parse($"[{string.Join(',', Enumerable.Repeat("1", random.Next(1, 10_000)))}]"),
            _ => "remove",
        };
        if (target.Parent is JsonObject parent)
        {
            var name = target.GetPropertyName();
            if (replacement is JsonValue v && v.TryGetValue<string>(out var s) && s == "remove")
            {
                parent.Remove(name);
                return (System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()), $"{path} removed");
            }

            parent[name] = replacement;
        }
        else if (target.Parent is JsonArray array)
        {
            if (replacement is JsonValue v && v.TryGetValue<string>(out var s) && s == "remove")
            {
                array.RemoveAt(target.GetElementIndex());
                return (System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()), $"{path} removed");
            }

            array[target.GetElementIndex()] = replacement;
        }

        return (System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()), $"{path} = {replacement?.ToJsonString()[..Math.Min(40, replacement.ToJsonString().Length)] ?? "null"}");
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    if (child is not null)
                    {
                        nodes.Add(child);
                    }

                    Collect(child, nodes);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        nodes.Add(child);
                    }

                    Collect(child, nodes);
                }

                break;
        }
    }

    private static (byte[] Bytes, string What) MutateBytes(byte[] input, Random random, bool shard)
    {
        var bytes = input.ToList();
        var what = new List<string>();
        var count = 1 + random.Next(3);
        for (var m = 0; m < count; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(shard ? 11 : 10))
            {
                case 0:
                    var flips = 1 + random.Next(8);
                    for (var f = 0; f < flips && bytes.Count > 0; f++)
                    {
                        var i = random.Next(bytes.Count);
                        bytes[i] ^= (byte)(1 << random.Next(8));
                    }

                    what.Add($"{flips} bit flip(s)");
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    what.Add($"truncated at {at}");
                    break;
                case 2:
                    var digits = 1 + random.Next(5000);
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(new string((char)('1' + random.Next(9)), digits)));
                    what.Add($"{digits} digits at {at}");
                    break;
                case 3:
                    var line = 1 + random.Next(200_000);
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes("\n" + new string('x', line) + "\n"));
                    what.Add($"a line of {line} characters at {at}");
                    break;
                case 4:
                case 5:
                    var token = Tokens[random.Next(Tokens.Length)];
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(token));
                    what.Add($"'{token}' at {at}");
                    break;
                case 6:
                    byte[] invalid = random.Next(3) switch { 0 => [0xFF], 1 => [0xC3, 0x28], _ => [0xED, 0xA0, 0x80] };
                    bytes.InsertRange(at, invalid);
                    what.Add($"invalid UTF-8 at {at}");
                    break;
                case 7:
                    var end = Math.Min(bytes.Count, at + random.Next(64));
                    bytes.RemoveRange(at, end - at);
                    what.Add($"{end - at} bytes removed at {at}");
                    break;
                case 8:
                    var depth = 1 + random.Next(100_000);
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(new string('[', depth)));
                    what.Add($"{depth} brackets at {at}");
                    break;
                case 9:
                    var from = random.Next(Math.Max(1, bytes.Count));
                    var length = Math.Min(bytes.Count - from, random.Next(4096));
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Max(0, length)));
                    what.Add($"{length} bytes repeated at {at}");
                    break;
                default:
                    var result = bytes.ToArray();
                    what.Add(CraftHeader(result, random));
                    bytes = [.. result];
                    break;
            }
        }

        return ([.. bytes], string.Join(", ", what));
    }

    /// <summary>One header field set to an extreme or random value, the header's hash made to hold again.</summary>
    private static string CraftHeader(byte[] file, Random random)
    {
        ShardHeader header;
        try
        {
            header = ShardHeader.Read(file, "seed", file.LongLength);
        }
        catch (Core.Data.DataFormatException)
        {
            return "header left (already unreadable)";
        }

        long[] extremes = [0, -1, -4096, 1, 4096, int.MaxValue, uint.MaxValue, long.MaxValue, long.MinValue, file.LongLength, file.LongLength + 1, random.NextInt64()];
        var value = extremes[random.Next(extremes.Length)];
        var (field, crafted) = random.Next(10) switch
        {
            0 => ("flags", header with { Flags = (int)value }),
            1 => ("rows", header with { Rows = value }),
            2 => ("columns", header with { Columns = (int)value }),
            3 => ("block rows", header with { BlockRows = (int)value }),
            4 => ("metadata offset", header with { MetadataOffset = value }),
            5 => ("metadata length", header with { MetadataLength = value }),
            6 => ("features offset", header with { FeaturesOffset = value }),
            7 => ("labels offset", header with { LabelsOffset = value }),
            8 => ("checksums offset", header with { ChecksumsOffset = value }),
            _ => ("checksums length", header with { ChecksumsLength = value }),
        };
        crafted.Write(file);
        return $"header {field} = {value}";
    }
}
