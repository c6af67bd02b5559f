using ShardML.Algorithms.Classification;

namespace ShardML.Algorithms.Tests.Classification;

public sealed class ClassOrderingTests
{
    [Fact]
    public void Numbers_are_ordered_by_value() =>
        Assert.Equal(["-1", "2", "10", "1e3"], ClassOrdering.Order(["10", "1e3", "-1", "2"]));

    [Fact]
    public void Names_are_ordered_ordinally_and_a_single_name_makes_the_whole_set_names() =>
        Assert.Equal(["1", "B", "a", "b"], ClassOrdering.Order(["b", "a", "1", "B"]));

    [Fact]
    public void Equal_numbers_spelled_differently_stay_distinct_and_are_ordered_ordinally_among_themselves() =>
        Assert.Equal(["0", "1", "1.0"], ClassOrdering.Order(["1.0", "1", "0"]));

    [Theory]
    [InlineData("1", 1)]
    [InlineData("+1", 1)]
    [InlineData("-1.0", 0)]
    [InlineData("2", -1)]
    [InlineData("cat", -1)]
    public void A_class_is_found_by_text_or_by_numeric_value(string name, int expected) =>
        Assert.Equal(expected, ClassOrdering.IndexOf(["-1", "1"], name));
}
