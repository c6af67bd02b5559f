namespace ShardML.Runtime.Security;

/// <summary>The permission a client needs to call a grain method; methods without it are for silos only.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequiresAttribute(AccessLevel level) : Attribute
{
    public AccessLevel Level { get; } = level;
}
