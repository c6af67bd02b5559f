namespace ShardML.Runtime.Hosting;

/// <summary>A silo's port is already taken on this machine: by another process's listener, or claimed by another ShardML silo.</summary>
public sealed class PortInUseException(string message, Exception? innerException = null) : ArgumentException(message, innerException);
