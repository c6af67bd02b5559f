using System.Globalization;
using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// The driver's side of class discovery: one distributed pass (<see cref="ClassDiscoveryStep"/>) gives the global
/// classes, which become the job's <see cref="LabelEncoding"/>. Two classes make a binary problem (the positive
/// class is the second in order unless one is named), more make one multinomial model or one-vs-rest unless a binary problem was demanded,
/// in which case the third class to appear is an error at the row where it first appears.
/// </summary>
/// <remarks>
/// Label sanity: a label whose every value is a number, with more than <see cref="MaximumNumericClasses"/> values, or
/// more than <see cref="FewNumericClasses"/> that average fewer than <see cref="RowsPerClass"/> rows each, measures a
/// quantity: 200 prices over 200 rows made a 200-class model that scored its own rows at "accuracy 0.975". It is
/// refused with the regression to use instead, unless the classes are declared (<see cref="DatasetSchema.Classes"/>):
/// then the encoding is the declared classes, and a label outside them is an error at its row.
/// </remarks>
public static class ClassDiscovery
{
    /// <summary>A numeric label with more values than this is a quantity, not classes.</summary>
    public const int MaximumNumericClasses = 50;

    /// <summary>A numeric label with more values than this must have <see cref="RowsPerClass"/> rows per value on average.</summary>
    public const int FewNumericClasses = 10;

    /// <summary>The rows each value of a numeric label with many values must have on average to be a class.</summary>
    public const int RowsPerClass = 20;

    public static Task<LabelEncoding> DiscoverAsync(
        IPartitionExecutor executor, bool binary, string? positiveClass, int maximumClasses, CancellationToken cancellationToken) =>
        DiscoverAsync(executor, binary, positiveClass, maximumClasses, multinomial: false, cancellationToken);

    /// <summary>
    /// As above; more than two classes make one multinomial (softmax) model when <paramref name="multinomial"/>, else
    /// one-vs-rest. Two classes are binary either way.
    /// </summary>
    public static async Task<LabelEncoding> DiscoverAsync(
        IPartitionExecutor executor, bool binary, string? positiveClass, int maximumClasses, bool multinomial, CancellationToken cancellationToken)
    {
        var declared = executor.Dataset.Schema.Classes;
        var found = await executor.RunAsync(new ClassDiscoveryStep(Math.Max(maximumClasses, declared?.Length ?? 0)), cancellationToken);
        if (declared is null)
        {
            RefuseQuantity(found, executor.Dataset);
        }

        if (found.Overflowed)
        {
            throw found.Sites[found.Capacity].Error(
                $"label '{InputExcerpt.Of(found.Names[found.Capacity])}' is class number {found.Capacity + 1}; at most {found.Capacity} classes are allowed (is the label a regression target?)");
        }

        if (found.Names.Count < 2)
        {
            var site = found.Sites[0];
            throw new DataFormatException(site.Path, 0, 0, $"every row has the label '{InputExcerpt.Of(found.Names[0])}'; classification needs at least two classes");
        }

        binary |= positiveClass is not null;
        var classes = declared is null ? ClassOrdering.Order(found.Names) : Declared(declared, found, binary);
        if (binary && found.Names.Count > 2)
        {
            throw found.Sites[2].Error(
                $"a third class '{InputExcerpt.Of(found.Names[2])}' in a binary problem; the classes before it are '{InputExcerpt.Of(found.Names[0])}' and '{InputExcerpt.Of(found.Names[1])}'");
        }

        if (classes.Length > 2)
        {
            return multinomial ? LabelEncoding.Softmax(classes) : LabelEncoding.OneVsRest(classes);
        }

        var positive = 1;
        if (positiveClass is not null)
        {
            positive = ClassOrdering.IndexOf(classes, positiveClass);
            if (positive < 0)
            {
                throw new ArgumentException($"the positive class '{InputExcerpt.Of(positiveClass)}' is not one of the classes '{InputExcerpt.Of(classes[0])}' and '{InputExcerpt.Of(classes[1])}'", nameof(positiveClass));
            }
        }

        return LabelEncoding.Binary(classes, positive);
    }

    /// <summary>Refuses a numeric label with too many values for classes, at the row of the first value past the rule.</summary>
    private static void RefuseQuantity(ClassSet found, LoadedDataset dataset)
    {
        var count = found.Names.Count;
        var rows = dataset.TotalRows;
        var tooMany = count > MaximumNumericClasses || (count > FewNumericClasses && count * (long)RowsPerClass > rows);
        if (!tooMany || !found.Names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return;
        }

        var past = Math.Min(count - 1, count > MaximumNumericClasses ? MaximumNumericClasses : FewNumericClasses);
        var values = found.Overflowed ? $"more than {found.Capacity:N0}" : count.ToString("N0", CultureInfo.InvariantCulture);
        throw found.Sites[past].Error(
            $"the label '{dataset.Schema.LabelName}' takes {values} numeric values over {rows:N0} rows: it measures a quantity rather than naming classes; "
            + "fit a regression instead (a linear regression: shardml train linreg), or, if these are classes, declare them (`Classes`)");
    }

    /// <summary>The declared classes in class order; every class found must be one of them, spelled as the data spells it.</summary>
    private static string[] Declared(string[] declared, ClassSet found, bool binary)
    {
        var classes = ClassOrdering.Order(declared.Distinct(StringComparer.Ordinal));
        if (classes.Length < 2 || (binary && classes.Length != 2))
        {
            throw new ArgumentException(
                $"{(binary ? "a binary problem declares exactly two classes" : "declare at least two classes")} (`Classes`); {classes.Length} {(classes.Length == 1 ? "is" : "are")} declared");
        }

        for (var i = 0; i < found.Names.Count; i++)
        {
            if (!classes.Contains(found.Names[i], StringComparer.Ordinal))
            {
                throw found.Sites[i].Error($"the label '{found.Names[i]}' is not one of the declared classes (`Classes`): {string.Join(", ", classes.Select(c => $"'{c}'"))}");
            }
        }

        return classes;
    }
}
