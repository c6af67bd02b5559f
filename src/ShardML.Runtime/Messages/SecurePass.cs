namespace ShardML.Runtime.Messages;

/// <summary>
/// What a silo needs beside the step to send its share of a pass under secure aggregation: which attempt of which pass
/// (fresh masks for each), who takes part (the masks cancel only in the sum over all of them), the bound the fixed-point
/// encoding is sized for, and what it has not been told yet (peers' signed masking keys, the driver's Paillier key).
/// </summary>
/// <param name="Mode">Masking or Paillier.</param>
/// <param name="Session">The secure session: the dataset's id, whose release ends it on the silo.</param>
/// <param name="Pass">The pass's number in the session, from 1.</param>
/// <param name="Attempt">The attempt at the pass, from 0; a silo never masks the same (pass, attempt) twice.</param>
/// <param name="Participants">The silos of this attempt, in ordinal order.</param>
/// <param name="BoundClass">The class of the encoding's bound (<c>SumBound</c>): values up to 2^e are encoded.</param>
/// <param name="Contributors">How many vectors are encoded and added: the dataset's partition count.</param>
/// <param name="NewPeers">Signed masking keys of participants this silo has not accepted yet.</param>
/// <param name="PaillierKey">The driver's Paillier public key, for <see cref="SecureAggregationMode.Paillier"/>.</param>
/// <param name="SendTemplate">
/// True when the driver needs the summary's template (it keeps one per step): one silo is asked, since a template is as
/// long as the sums (zeros, no data) and a model-sized one costs what a share costs.
/// </param>
[GenerateSerializer, Immutable, Alias("shardml.secure-pass")]
public sealed record SecurePass(
    [property: Id(0)] SecureAggregationMode Mode,
    [property: Id(1)] string Session,
    [property: Id(2)] int Pass,
    [property: Id(3)] int Attempt,
    [property: Id(4)] string[] Participants,
    [property: Id(5)] int BoundClass,
    [property: Id(6)] int Contributors,
    [property: Id(7)] MaskingAnnouncement[] NewPeers,
    [property: Id(8)] byte[]? PaillierKey,
    [property: Id(9)] bool SendTemplate);
