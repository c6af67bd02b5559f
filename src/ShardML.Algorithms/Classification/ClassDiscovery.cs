using ShardML.Core.Data;
using ShardML.Core.Execution;

namespace ShardML.Algorithms.Classification;

/// <summary>
/// The driver's side of class discovery: one distributed pass (<see cref="ClassDiscoveryStep"/>) gives the global
/// classes, which become the job's <see cref="LabelEncoding"/>. Two classes make a binary problem (the positive
/// class is the second in order unless one is named), more make one-vs-rest unless a binary problem was demanded,
/// in which case the third class to appear is an error at the row where it first appears.
/// </summary>
public static class ClassDiscovery
{
    public static async Task<LabelEncoding> DiscoverAsync(
        IPartitionExecutor executor, bool binary, string? positiveClass, int maximumClasses, CancellationToken cancellationToken)
    {
        var found = await executor.RunAsync(new ClassDiscoveryStep(maximumClasses), cancellationToken);
        if (found.Overflowed)
        {
            throw found.Sites[maximumClasses].Error(
                $"label '{InputExcerpt.Of(found.Names[maximumClasses])}' is class number {maximumClasses + 1}; at most {maximumClasses} classes are allowed (is the label a regression target?)");
        }

        if (found.Names.Count < 2)
        {
            var site = found.Sites[0];
            throw new DataFormatException(site.Path, 0, 0, $"every row has the label '{InputExcerpt.Of(found.Names[0])}'; classification needs at least two classes");
        }

        binary |= positiveClass is not null;
        if (binary && found.Names.Count > 2)
        {
            throw found.Sites[2].Error(
                $"a third class '{InputExcerpt.Of(found.Names[2])}' in a binary problem; the classes before it are '{InputExcerpt.Of(found.Names[0])}' and '{InputExcerpt.Of(found.Names[1])}'");
        }

        var classes = ClassOrdering.Order(found.Names);
        if (classes.Length > 2)
        {
            return LabelEncoding.OneVsRest(classes);
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
}
