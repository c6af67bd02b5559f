namespace ShardML.Cli.Commands.Evaluation;

/// <summary>What a <c>train</c> subcommand's job does: train once (<c>train</c>), cross-validate (<c>cv</c>) or search hyperparameters (<c>tune</c>).</summary>
internal enum TrainMode
{
    Train,
    CrossValidate,
    Tune,
}
