namespace ShardML.Runtime.Grains;

/// <summary>The key of a partition grain: <c>{dataset}/{index}@{silo}</c>, one grain per partition per silo that holds it.</summary>
internal static class PartitionGrainKey
{
    public static string Of(string datasetId, int index, SiloAddress silo) =>
        $"{datasetId}/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{silo.ToParsableString()}";
}
