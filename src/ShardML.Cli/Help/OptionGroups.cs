using System.CommandLine;
using System.Runtime.CompilerServices;

namespace ShardML.Cli.Help;

/// <summary>Which help section each option belongs to; an option not placed is <see cref="OptionGroup.General"/>.</summary>
internal static class OptionGroups
{
    private static readonly ConditionalWeakTable<Option, StrongBox<(OptionGroup Group, bool Last)>> Groups = [];

    /// <summary>
    /// Places <paramref name="option"/> in <paramref name="group"/> and returns it, for use in initializers;
    /// <paramref name="last"/> lists it after the group's other options (an option every command shares, like --seed).
    /// </summary>
    public static T InGroup<T>(this T option, OptionGroup group, bool last = false)
        where T : Option
    {
        Groups.AddOrUpdate(option, new StrongBox<(OptionGroup, bool)>((group, last)));
        return option;
    }

    public static OptionGroup GroupOf(Option option) => Groups.TryGetValue(option, out var box) ? box.Value.Group : OptionGroup.General;

    public static bool IsLast(Option option) => Groups.TryGetValue(option, out var box) && box.Value.Last;
}
