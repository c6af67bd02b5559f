namespace ShardML.Cli.Tests.Hostile;

/// <summary>A fact that needs a <see cref="SmallDisk"/>; skipped, saying why, where none can be mounted.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
