namespace ShardML.Algorithms.KMeans;

/// <summary>
/// The centers of a <see cref="YinyangStep"/> as its pass reads them: packed whole for a search of every center, packed
/// group by group for the group searches, each group's members (ascending), and the half-separations.
/// </summary>
internal sealed class YinyangCenters
{
    public YinyangCenters(float[] centers, int k, int d, int[] groupOf)
    {
        var groups = 0;
        foreach (var g in groupOf)
        {
            groups = Math.Max(groups, g + 1);
        }

        Groups = groups;
        All = new PackedCenters(centers, k, d);
        Members = CenterGroups.Members(groupOf, groups);
        Packed = new PackedCenters[groups];
        for (var g = 0; g < groups; g++)
        {
            var members = Members[g];
            var values = new float[members.Length * d];
            for (var i = 0; i < members.Length; i++)
            {
                centers.AsSpan(members[i] * d, d).CopyTo(values.AsSpan(i * d, d));
            }

            Packed[g] = new PackedCenters(values, members.Length, d);
        }

        HalfSeparations = BoundTerms.HalfSeparations(centers, k, d);
        MaxPaddedGroup = Packed.Max(p => p.PaddedCount);
    }

    /// <summary>The most scores a group's packing writes (its centers rounded up to whole panels).</summary>
    public int MaxPaddedGroup { get; }

    public int Groups { get; }

    public PackedCenters All { get; }

    /// <summary>Per group, its centers' indices, ascending: a group's local index i is center Members[g][i].</summary>
    public int[][] Members { get; }

    /// <summary>Per group, its centers packed for <see cref="BlockedAssignment"/>.</summary>
    public PackedCenters[] Packed { get; }

    public double[] HalfSeparations { get; }
}
