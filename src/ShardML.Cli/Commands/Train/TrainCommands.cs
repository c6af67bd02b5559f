using System.CommandLine;
using ShardML.Algorithms;

namespace ShardML.Cli.Commands.Train;

/// <summary>
/// The <c>train</c> subcommands: every concrete <see cref="TrainCommandBase"/> in this assembly, in the algorithm
/// catalog's order. A new algorithm adds its command class and nothing here.
/// </summary>
internal static class TrainCommands
{
    public static IReadOnlyList<TrainCommandBase> Create(CommonOptions common, Evaluation.EvaluationOptionSet? evaluation = null)
    {
        evaluation ??= new Evaluation.EvaluationOptionSet(Evaluation.TrainMode.Train);
        var commands = typeof(TrainCommandBase).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(TrainCommandBase)) && !t.IsAbstract)
            .Select(t => (TrainCommandBase)Activator.CreateInstance(t, common)!)
            .ToList();
        var order = AlgorithmCatalog.All.SelectMany(a => a.Commands).ToList();
        foreach (var command in commands.Where(c => !order.Contains(c.Algorithm)))
        {
            throw new InvalidOperationException($"train {command.Algorithm} is not a command of any algorithm in the catalog");
        }

        foreach (var command in commands)
        {
            command.Evaluation = evaluation;
            evaluation.Relax(command);
            if (evaluation.Mode == Evaluation.TrainMode.Train)
            {
                evaluation.AddTo(command); // cv and tune carry theirs themselves, for every algorithm
            }
        }

        return [.. commands.OrderBy(c => order.IndexOf(c.Algorithm))];
    }

    /// <summary>The subcommand names, for messages: "kmeans|linreg|…".</summary>
    public static string Names(Command train) => string.Join('|', train.Subcommands.Select(c => c.Name));
}
