using System.CommandLine;

namespace ShardML.Cli.Commands.Evaluation;

/// <summary><c>shardml cv</c> and <c>shardml tune</c>: the <c>train</c> subcommands again, each with the options of its mode.</summary>
internal sealed class EvaluationCommand : Command
{
    public EvaluationCommand(string name, string description, CommonOptions common, TrainMode mode)
        : base(name, description)
    {
        var evaluation = new EvaluationOptionSet(mode);
        evaluation.AddTo(this);
        var algorithms = Train.TrainCommands.Create(common, evaluation);
        foreach (var algorithm in algorithms)
        {
            Subcommands.Add(algorithm);
        }
    }
}
