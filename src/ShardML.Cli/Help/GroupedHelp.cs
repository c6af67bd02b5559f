using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Spectre.Console;

namespace ShardML.Cli.Help;

/// <summary>
/// Help with the options in sections (<see cref="OptionGroup"/>): the algorithm's own first, then data, output, cluster
/// and fault tolerance, so a long option list reads in the order a user decides things. System.CommandLine's help
/// builder is not public, so this action replaces it and renders with Spectre.Console.
/// </summary>
internal sealed class GroupedHelp : SynchronousCommandLineAction
{
    private static readonly Dictionary<OptionGroup, string> Titles = new()
    {
        [OptionGroup.Algorithm] = "Options",
        [OptionGroup.Data] = "Data",
        [OptionGroup.Output] = "Output",
        [OptionGroup.Cluster] = "Cluster",
        [OptionGroup.FaultTolerance] = "Jobs and fault tolerance",
        [OptionGroup.General] = "General",
    };

    public override bool ClearsParseErrors => true;

    /// <summary>Makes the help option of <paramref name="root"/> (recursive: every command's) write grouped help.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            option.Action = new GroupedHelp();
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = Console.IsOutputRedirected ? 160 : Math.Clamp(SafeWidth(), 80, 200);
        if (!string.IsNullOrEmpty(command.Description))
        {
            console.WriteLine(command.Description);
            console.WriteLine();
        }

        console.WriteLine("Usage:");
        console.WriteLine($"  {Usage(command)}");
        if (command.Subcommands.Count > 0)
        {
            Section(console, "Commands", command.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, c.Description ?? string.Empty)));
        }

        var options = command.Options.Where(o => !o.Hidden).ToList();
        foreach (var parent in Ancestors(command))
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden && !options.Contains(o)));
        }

        foreach (var group in options.GroupBy(OptionGroups.GroupOf).OrderBy(g => g.Key))
        {
            Section(console, Titles[group.Key], group.OrderBy(OptionGroups.IsLast).Select(o => (Label(o), Description(o))));
        }

        // Spectre pads every cell to its column's width; the help is read in terminals and diffed in docs, so no trailing spaces.
        var output = parseResult.InvocationConfiguration.Output;
        foreach (var line in text.ToString().Split('\n'))
        {
            output.WriteLine(line.TrimEnd());
        }

        return 0;
    }

    private static void Section(IAnsiConsole console, string title, IEnumerable<(string Label, string Description)> rows)
    {
        console.WriteLine();
        console.WriteLine($"{title}:");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(2)).AddColumn(new GridColumn());
        foreach (var (label, description) in rows)
        {
            grid.AddRow(new Text(label), new Text(description));
        }

        console.Write(grid);
    }

    private static string Usage(Command command)
    {
        var path = new List<string> { command is RootCommand ? "shardml" : command.Name };
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, parent is RootCommand ? "shardml" : parent.Name);
        }

        if (command.Subcommands.Count > 0)
        {
            path.Add("<command>");
        }

        path.Add("[options]");
        return string.Join(' ', path);
    }

    private static string Label(Option option)
    {
        var names = option.Aliases.Append(option.Name).Where(n => n.StartsWith('-')).Distinct()
            .OrderBy(n => n.StartsWith("--", StringComparison.Ordinal) ? 1 : 0).ThenBy(n => n.Length);
        var label = string.Join(", ", names);
        return option.Arity.MaximumNumberOfValues == 0 || option.ValueType == typeof(bool)
            ? label
            : $"{label} <{(option.HelpName ?? option.Name.TrimStart('-')).ToUpperInvariant()}>";
    }

    /// <summary>The description, with the default value when the option has one the description does not already state.</summary>
    private static string Description(Option option)
    {
        var description = option.Description ?? string.Empty;
        if (option.HasDefaultValue && option.ValueType != typeof(bool) && !description.Contains("default", StringComparison.OrdinalIgnoreCase)
            && option.GetDefaultValue() is { } value && value is not Array)
        {
            description += $" (default {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)})";
        }

        return description + (option.Required ? " (required)" : string.Empty);
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        foreach (var parent in command.Parents.OfType<Command>())
        {
            yield return parent;
            foreach (var above in Ancestors(parent))
            {
                yield return above;
            }
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
