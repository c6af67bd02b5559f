// npy2shard FEATURES.npy [LABELS.npy] OUT.shard: a C-ordered little-endian float32 matrix (and a float32 vector of
// labels, one a row) as a .shard file with features named f0, f1, … and the label "y". The labels stay numbers;
// `shardml train logreg` reads them as class names. Only what NumPy's np.save writes for such arrays is accepted.
using System.Text;
using System.Text.RegularExpressions;
using ShardML.Core.Data.Shard;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: npy2shard FEATURES.npy [LABELS.npy] OUT.shard");
    return 2;
}

var (features, rows, columns) = Npy.Open(args[0]);
using (features)
{
    float[]? labels = null;
    if (args.Length == 3)
    {
        var (labelStream, labelRows, labelColumns) = Npy.Open(args[1]);
        using (labelStream)
        {
            if (labelRows != rows || labelColumns != 1)
            {
                Console.Error.WriteLine($"{args[1]}: {labelRows} × {labelColumns} labels for {rows} rows");
                return 1;
            }

            labels = new float[rows];
            labelStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()));
        }
    }

    var names = Enumerable.Range(0, columns).Select(j => $"f{j}").ToArray();
    using var writer = new ShardFileWriter(args[^1], new ShardMetadata(names, labels is null ? null : "y", null), labels is not null);
    var blockRows = Math.Max(1, (8 << 20) / (columns * sizeof(float)));
    var block = new float[blockRows * columns];
    for (long start = 0; start < rows; start += blockRows)
    {
        var count = (int)Math.Min(blockRows, rows - start);
        var span = block.AsSpan(0, count * columns);
        features.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(span));
        writer.Append(span, labels is null ? default : labels.AsSpan((int)start, count));
    }

    writer.Complete();
}

return 0;

/// <summary>The header of a NumPy .npy file (format 1.0 or 2.0), checked to be a C-ordered little-endian float32 array of one or two dimensions.</summary>
internal static partial class Npy
{
    public static (FileStream Stream, long Rows, int Columns) Open(string path)
    {
        var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[10];
        stream.ReadExactly(start);
        if (start[0] != 0x93 || Encoding.ASCII.GetString(start[1..6]) != "NUMPY")
        {
            throw new InvalidDataException($"{path}: not a .npy file");
        }

        int length = start[6] == 1 ? BitConverter.ToUInt16(start[8..10]) : ReadUInt32(stream, start[8..10]);
        var header = new byte[length];
        stream.ReadExactly(header);
        var text = Encoding.ASCII.GetString(header);
        var shape = Shape().Match(text);
        if (!text.Contains("'descr': '<f4'", StringComparison.Ordinal) || !text.Contains("'fortran_order': False", StringComparison.Ordinal) || !shape.Success)
        {
            throw new InvalidDataException($"{path}: expected a C-ordered '<f4' array, found {text.Trim()}");
        }

        var dimensions = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        return dimensions.Length switch
        {
            1 => (stream, dimensions[0], 1),
            2 => (stream, dimensions[0], checked((int)dimensions[1])),
            _ => throw new InvalidDataException($"{path}: {dimensions.Length} dimensions; expected 1 or 2"),
        };
    }

    private static int ReadUInt32(FileStream stream, ReadOnlySpan<byte> firstTwo)
    {
        Span<byte> rest = stackalloc byte[2];
        stream.ReadExactly(rest);
        return checked((int)BitConverter.ToUInt32([firstTwo[0], firstTwo[1], rest[0], rest[1]]));
    }

    [GeneratedRegex(@"'shape': \(([^)]*)\)")]
    private static partial Regex Shape();
}
