namespace ShardML.Algorithms.Models;

/// <summary>
/// What an SGD job spent on synchronization, and what local steps saved against synchronous mini-batch SGD taking
/// the same number of steps on the same batches (one round per step).
/// </summary>
/// <param name="Rounds">Synchronization rounds run: distributed passes of the solver's main loop.</param>
/// <param name="LocalStepsPerRound">Mini-batch steps each partition takes per round (1 for synchronous SGD).</param>
/// <param name="SynchronousRounds">Rounds synchronous SGD needs for the same steps: Rounds × LocalStepsPerRound.</param>
/// <param name="RoundsSaved">SynchronousRounds − Rounds.</param>
/// <param name="BytesPerRound">
/// Payload of one round, as MemoryPack bytes: the step message and a summary, each counted once per partition.
/// An upper bound of what moves: the runtime sends a step once per silo and merges summaries on each silo.
/// </param>
/// <param name="BytesSaved">RoundsSaved × BytesPerRound.</param>
public sealed record CommunicationSummary(int Rounds, int LocalStepsPerRound, long SynchronousRounds, long RoundsSaved, long BytesPerRound, long BytesSaved);
