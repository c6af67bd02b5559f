using ShardML.Core.Numerics;

namespace ShardML.Algorithms.KMeans;

/// <summary>K centers stored contiguously (k × d floats) with their squared norms, ready for distance kernels.</summary>
public sealed class CenterSet
{
    public CenterSet(float[] values, int count, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, count * dimension);
        Values = values;
        Count = count;
        Dimension = dimension;
        SquaredNorms = new float[count];
        for (var j = 0; j < count; j++)
        {
            SquaredNorms[j] = WideningKernels.SumOfSquares(Center(j));
        }
    }

    public float[] Values { get; }

    public int Count { get; }

    public int Dimension { get; }

    public float[] SquaredNorms { get; }

    public ReadOnlySpan<float> Center(int j) => Values.AsSpan(j * Dimension, Dimension);

    public static CenterSet FromRows(IReadOnlyList<float[]> rows, int dimension)
    {
        var values = new float[rows.Count * dimension];
        for (var j = 0; j < rows.Count; j++)
        {
            rows[j].AsSpan(0, dimension).CopyTo(values.AsSpan(j * dimension));
        }

        return new CenterSet(values, rows.Count, dimension);
    }

    public float[][] ToRows()
    {
        var rows = new float[Count][];
        for (var j = 0; j < Count; j++)
        {
            rows[j] = Center(j).ToArray();
        }

        return rows;
    }
}
