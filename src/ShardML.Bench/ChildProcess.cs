namespace ShardML.Bench;

/// <summary>
/// How to start a fresh <c>shardml</c> process: the program and the arguments that come before a command's own
/// (<c>dotnet shardml.dll</c> when the tool runs through the host, nothing when it is its own executable).
/// </summary>
/// <param name="FileName">The program to start.</param>
/// <param name="LeadingArguments">Arguments before the command's.</param>
public sealed record ChildProcess(string FileName, IReadOnlyList<string> LeadingArguments);
