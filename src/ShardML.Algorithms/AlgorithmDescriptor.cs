namespace ShardML.Algorithms;

/// <summary>
/// One algorithm as every part of ShardML knows it, declared once in its own folder and listed in
/// <see cref="AlgorithmCatalog"/>: the wire registry, the model file's JSON types and the CLI's <c>train</c>
/// subcommands all derive from these, so adding an algorithm edits no shared list but the catalog's.
/// </summary>
/// <param name="Name">The algorithm's name, for messages and docs.</param>
/// <param name="OptionsType">Its hyperparameters: a <c>[MemoryPackable]</c> record whose <c>Validate</c> runs before any distributed work.</param>
/// <param name="Models">The model types it trains, with their JSON type names (the model file's <c>"algorithm"</c>).</param>
/// <param name="WireTypes">Its steps, summaries and job: everything of its own that travels between nodes.</param>
/// <param name="Commands">The <c>shardml train</c> subcommands that run it.</param>
public sealed record AlgorithmDescriptor(
    string Name,
    Type OptionsType,
    IReadOnlyList<ModelKind> Models,
    IReadOnlyList<Type> WireTypes,
    IReadOnlyList<string> Commands);

/// <summary>A model type and the name it has in model files.</summary>
/// <param name="Type">A concrete <see cref="Models.TrainedModel"/>.</param>
/// <param name="JsonName">Its type discriminator in JSON; never changed once released (files carry it).</param>
public sealed record ModelKind(Type Type, string JsonName);
