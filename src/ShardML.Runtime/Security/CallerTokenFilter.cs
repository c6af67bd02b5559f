namespace ShardML.Runtime.Security;

/// <summary>Attaches this node's caller token to every call it makes: a client's under one key, a silo's under another.</summary>
internal sealed class CallerTokenFilter(Func<byte[]> token, string key) : IOutgoingGrainCallFilter
{
    /// <summary>Where a client's token travels in the request context.</summary>
    public const string ClientKey = "shardml.client";

    /// <summary>Where a silo's token travels.</summary>
    public const string SiloKey = "shardml.silo";

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(key, token());
        return context.Invoke();
    }
}
