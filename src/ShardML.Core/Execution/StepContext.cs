namespace ShardML.Core.Execution;

/// <summary>Where a step runs: the partition's index, the global number of its first row, and the cancellation token.</summary>
/// <param name="PartitionIndex">The partition's index in the dataset.</param>
/// <param name="FirstRow">Global row number of the partition's first row; rows are numbered in file order.</param>
/// <param name="CancellationToken">Cancels the step.</param>
public readonly record struct StepContext(int PartitionIndex, long FirstRow, CancellationToken CancellationToken);
