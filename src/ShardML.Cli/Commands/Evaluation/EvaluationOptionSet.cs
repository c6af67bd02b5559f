using System.CommandLine;
using System.CommandLine.Parsing;
using ShardML.Algorithms.Evaluation;
using ShardML.Cli.Help;
using ShardML.Core.Execution;

namespace ShardML.Cli.Commands.Evaluation;

/// <summary>
/// The options that turn a <c>train</c> subcommand's job into a measured one: <c>--validation-fraction</c> on
/// <c>train</c>; <c>--folds</c> on <c>cv</c>; <c>--grid</c>, <c>--random</c>, <c>--metric</c> and either of the two on
/// <c>tune</c>. The algorithm's job is built by its command as for <c>train</c>, then wrapped: held-out rows
/// (<see cref="ValidatedJob"/>) or a search over candidates, each built from the command line with its values in place
/// of the user's (<see cref="SearchJob"/>).
/// </summary>
internal sealed class EvaluationOptionSet
{
    private readonly Option<double?> _validationFraction = new Option<double?>("--validation-fraction")
    {
        Description = "Hold out this fraction of the rows (by a hash of the seed and the row number, the same under any partitioning) and report the model's metrics on them beside the training rows'",
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<int?> _folds = new Option<int?>("--folds") { Description = "K-fold cross-validation: K ≥ 2 folds by a hash of the seed and the row number" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string[]> _grid = new Option<string[]>("--grid")
    {
        Description = "A hyperparameter and its values, by its flag's name: \"l2=1e-4,1e-3,1e-2\", \"k=4,8,16\"; with --random also LOW:HIGH, log:LOW:HIGH or int:LOW:HIGH. Repeat for more parameters: every combination is a candidate",
        AllowMultipleArgumentsPerToken = false,
    }.InGroup(OptionGroup.Algorithm);

    private readonly Option<int?> _random = new Option<int?>("--random") { Description = "Draw this many candidates from the --grid lists and ranges instead of trying every combination" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<string?> _metric = new Option<string?>("--metric") { Description = "The held-out metric to rank candidates by (default: the model's first: accuracy, r2 or inertia)" }.InGroup(OptionGroup.Algorithm);

    private readonly Option<bool> _separatePasses = new("--separate-passes")
    {
        Description = "Train the candidates one after another instead of sharing each pass among them (to measure what sharing saves)",
        Hidden = true,
    };

    public EvaluationOptionSet(TrainMode mode)
    {
        Mode = mode;
    }

    public TrainMode Mode { get; }

    /// <summary>The command's verb, for progress: train, cv or tune.</summary>
    public string Verb => Mode switch { TrainMode.CrossValidate => "cv", TrainMode.Tune => "tune", _ => "train" };

    /// <summary>
    /// Adds the options of the mode: to each <c>train</c> subcommand, or once to <c>cv</c> or <c>tune</c>, recursively,
    /// so they may come before or after the algorithm (<c>shardml cv --folds 5 logreg …</c>).
    /// </summary>
    public void AddTo(Command command)
    {
        Option[] options = Mode switch
        {
            TrainMode.Train => [_validationFraction],
            TrainMode.CrossValidate => [_folds],
            _ => [_grid, _random, _validationFraction, _folds, _metric, _separatePasses],
        };
        _folds.Required = Mode == TrainMode.CrossValidate;
        foreach (var option in options)
        {
            option.Recursive = Mode != TrainMode.Train;
            command.Options.Add(option);
        }
    }

    /// <summary>Tune's copies of the commands require nothing of their own: a hyperparameter the grid sets need not be given.</summary>
    public void Relax(Command command)
    {
        if (Mode != TrainMode.Tune)
        {
            return;
        }

        foreach (var option in command.Options.Where(o => o.Required && o.Name != "--data"))
        {
            option.Required = false;
        }
    }

    /// <summary>
    /// The job to submit: the algorithm's (<paramref name="create"/> of the command line) as it is, with rows held out,
    /// or the cross-validation or search around it (a search creates one per candidate, from its own command line).
    /// </summary>
    public ITrainingJob Job(ParseResult parse, Func<ParseResult, ITrainingJob> create, ulong seed, bool refit)
    {
        switch (Mode)
        {
            case TrainMode.Train:
                return parse.GetValue(_validationFraction) is { } fraction ? new ValidatedJob(create(parse), CheckFraction(fraction), seed) : create(parse);
            case TrainMode.CrossValidate:
                return new SearchJob([create(parse)], [new Dictionary<string, string>()], 0, CheckFolds(parse.GetValue(_folds)!.Value), seed, null, refit);
            default:
                var (validation, folds) = (parse.GetValue(_validationFraction), parse.GetValue(_folds));
                if (validation is not null && folds is not null)
                {
                    throw new UsageException("--validation-fraction and --folds are two ways to measure candidates: choose one");
                }

                var random = parse.GetValue(_random) ?? 0;
                if (random is < 0 or > SearchSpace.MaximumCandidates)
                {
                    throw new UsageException($"--random takes 1 to {SearchSpace.MaximumCandidates:N0} candidates");
                }

                var candidates = SearchSpace.Candidates(parse.GetValue(_grid) ?? [], random, seed);
                var jobs = candidates.Select(c => create(WithValues(parse, c))).ToList();
                return new SearchJob(
                    jobs,
                    candidates,
                    folds is null ? CheckFraction(validation ?? 0.2) : 0,
                    folds is { } k ? CheckFolds(k) : 0,
                    seed,
                    parse.GetValue(_metric),
                    refit,
                    sharedPasses: !parse.GetValue(_separatePasses));
        }
    }

    /// <summary>The command line re-parsed with each candidate's values in place of the user's own for the same flags.</summary>
    private static ParseResult WithValues(ParseResult parse, IReadOnlyDictionary<string, string> values)
    {
        var command = parse.CommandResult.Command;
        var dropped = new HashSet<Token>(ReferenceEqualityComparer.Instance);
        var added = new List<string>();
        foreach (var (name, value) in values)
        {
            var option = command.Options.FirstOrDefault(o => !o.Hidden && (o.Name == "--" + name || o.Aliases.Contains("--" + name) || o.Aliases.Contains("-" + name)))
                ?? throw new UsageException($"--grid {name}: 'shardml {command.Name}' has no option --{name}; its options are {string.Join(", ", command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal)).Select(o => o.Name[2..]).Order())}");
            if (option.Name is "--grid" or "--random" or "--folds" or "--validation-fraction" or "--metric" or "--data" or "--seed")
            {
                throw new UsageException($"--grid {name}: {option.Name} is not a hyperparameter");
            }

            if (parse.GetResult(option) is { Implicit: false } given)
            {
                if (given.IdentifierToken is { } identifier)
                {
                    dropped.Add(identifier);
                }

                foreach (var token in given.Tokens)
                {
                    dropped.Add(token);
                }
            }

            added.Add(option.Name);
            added.Add(value);
        }

        var args = parse.Tokens.Where(t => !dropped.Contains(t)).Select(t => t.Value).Concat(added).ToList();
        var candidate = parse.RootCommandResult.Command.Parse(args);
        return candidate.Errors.Count == 0
            ? candidate
            : throw new UsageException($"the candidate {string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"))} does not parse: {candidate.Errors[0].Message}");
    }

    private static double CheckFraction(double fraction) =>
        fraction is > 0 and < 1 ? fraction : throw new UsageException($"--validation-fraction {fraction} is not between 0 and 1 (both excluded)");

    private static int CheckFolds(int folds) =>
        folds is >= 2 and <= 100 ? folds : throw new UsageException($"--folds {folds}: cross-validation takes 2 to 100 folds");
}
