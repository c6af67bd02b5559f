using System.Runtime.Intrinsics;

namespace ShardML.Algorithms.KMeans;

/// <summary>
/// K centers laid out for the blocked assignment kernel (<see cref="BlockedAssignment"/>): cut into panels
/// of <see cref="Width"/> centers (the vector width in floats: 16 with AVX-512, 8 with AVX2, else 1), each panel
/// stored transposed, so feature f of the panel's centers is one contiguous vector. A panel of 16 centers of
/// dimension 32 is 2 KB and stays in L1 while rows stream past it.
/// </summary>
/// <remarks>
/// The squared norms ‖c‖² are summed in float by one sequential fused multiply-add chain per center, the same on
/// every machine, so the kernel's scores (‖c‖² − 2x·c) have the same bits on every vector width. Padding centers of
/// the last panel have the norm +∞ and never win.
/// </remarks>
public sealed class PackedCenters
{
    public PackedCenters(float[] centers, int count, int dimension)
        : this(centers, count, dimension, PreferredWidth)
    {
    }

    /// <summary>Packs for an explicit panel width (1, 8 or 16); tests use it to compare the kernel's paths.</summary>
    public PackedCenters(float[] centers, int count, int dimension, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(centers.Length, count * dimension);
        if (width is not (1 or 8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "the panel width is 1, 8 or 16");
        }

        Centers = centers;
        Count = count;
        Dimension = dimension;
        Width = width;
        Panels = (count + width - 1) / width;
        Panel = new float[Panels * dimension * width];
        Norms = new float[Panels * width];
        Norms.AsSpan().Fill(float.PositiveInfinity);
        for (var j = 0; j < count; j++)
        {
            var center = centers.AsSpan(j * dimension, dimension);
            var panel = j / width;
            var lane = j % width;
            var norm = 0f;
            for (var f = 0; f < dimension; f++)
            {
                Panel[(((panel * dimension) + f) * width) + lane] = center[f];
                norm = MathF.FusedMultiplyAdd(center[f], center[f], norm);
            }

            Norms[j] = norm;
            MaxSquaredNorm = Math.Max(MaxSquaredNorm, norm);
        }
    }

    /// <summary>The panel width this machine's widest vectors give.</summary>
    public static int PreferredWidth =>
        Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 1;

    /// <summary>Row-major k × d centers, as given.</summary>
    public float[] Centers { get; }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Centers per panel.</summary>
    public int Width { get; }

    public int Panels { get; }

    /// <summary>Centers rounded up to whole panels: the length of a row of scores.</summary>
    public int PaddedCount => Panels * Width;

    /// <summary>The largest ‖c‖², for the kernel's rounding-error bound.</summary>
    public float MaxSquaredNorm { get; }

    /// <summary>Panels × Dimension × Width: panel p, feature f, center lane l at <c>((p·d) + f)·W + l</c>.</summary>
    internal float[] Panel { get; }

    /// <summary>Panels × Width squared norms; +∞ in padding lanes.</summary>
    internal float[] Norms { get; }

    public ReadOnlySpan<float> Center(int j) => Centers.AsSpan(j * Dimension, Dimension);
}
