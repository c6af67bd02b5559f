using ShardML.Core.Execution;

namespace ShardML.Core.Tests.Execution;

public sealed class MergeTreeTests
{
    [Theory]
    [InlineData(1, "0")]
    [InlineData(2, "(0+1)")]
    [InlineData(3, "(0+(1+2))")]
    [InlineData(5, "((0+1)+(2+(3+4)))")]
    public void Merges_in_one_fixed_tree_split_at_the_midpoint(int partitions, string expected)
    {
        var result = MergeTree.Reduce(Leaves(partitions));

        Assert.Equal(expected, ((Trace)result).Text);
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(7, 2)]
    [InlineData(7, 3)]
    [InlineData(13, 3)]
    [InlineData(16, 4)]
    [InlineData(33, 5)]
    public void Any_split_of_partitions_among_nodes_gives_the_same_tree_as_one_node(int partitions, int nodes)
    {
        var reference = ((Trace)MergeTree.Reduce(Leaves(partitions))).Text;
        var random = new Random(partitions * 31 + nodes);
        for (var trial = 0; trial < 20; trial++)
        {
            var owner = Enumerable.Range(0, partitions).Select(_ => random.Next(nodes)).ToArray();
            var subtrees = new List<SubtreeSummary>();
            for (var node = 0; node < nodes; node++)
            {
                var held = Enumerable.Range(0, partitions).Where(p => owner[p] == node).ToDictionary(p => p, p => (ISummary)new Trace(p.ToString()));
                subtrees.AddRange(MergeTree.ReduceHeld(partitions, held));
            }

            Assert.Equal(reference, ((Trace)MergeTree.Complete(partitions, subtrees)).Text);
        }
    }

    [Fact]
    public void A_node_holding_a_whole_subtree_sends_it_as_one_summary()
    {
        var held = Enumerable.Range(0, 4).ToDictionary(p => p, p => (ISummary)new Trace(p.ToString()));

        var sent = MergeTree.ReduceHeld(8, held);

        var only = Assert.Single(sent);
        Assert.Equal((0, 4), (only.Low, only.High));
    }

    [Fact]
    public void A_missing_partition_or_one_summarized_twice_is_an_error_not_a_wrong_sum()
    {
        var first = new SubtreeSummary(0, 1, new Trace("0"));

        Assert.Throws<InvalidOperationException>(() => MergeTree.Complete(2, [first]));
        Assert.Throws<InvalidOperationException>(() => MergeTree.Complete(2, [first, first, new SubtreeSummary(1, 2, new Trace("1"))]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 1)]
    [InlineData(13, 3)]
    public void Every_summary_but_the_result_is_released_exactly_once_so_pooled_buffers_go_back(int partitions, int nodes)
    {
        var created = new List<Trace>();
        var owner = Enumerable.Range(0, partitions).Select(p => p % nodes).ToArray();
        var subtrees = new List<SubtreeSummary>();
        for (var node = 0; node < nodes; node++)
        {
            var held = Enumerable.Range(0, partitions).Where(p => owner[p] == node).ToDictionary(p => p, p => (ISummary)new Trace(p.ToString(), created));
            subtrees.AddRange(MergeTree.ReduceHeld(partitions, held));
        }

        var result = (Trace)MergeTree.Complete(partitions, subtrees);

        Assert.Equal(0, result.Releases);
        Assert.All(created.Where(t => !ReferenceEquals(t, result)), t => Assert.Equal(1, t.Releases));
        Assert.Equal((2 * partitions) - 1, created.Count);
    }

    private static ISummary[] Leaves(int count) => Enumerable.Range(0, count).Select(i => (ISummary)new Trace(i.ToString())).ToArray();

    /// <summary>A summary that records how it was merged: associative only up to parenthesization, so order shows.</summary>
    private sealed class Trace : Summary<Trace>
    {
        private readonly List<Trace>? _created;

        public Trace(string text, List<Trace>? created = null)
        {
            Text = text;
            _created = created;
            created?.Add(this);
        }

        public string Text { get; }

        public int Releases { get; private set; }

        public override Trace Merge(Trace higher) => new($"({Text}+{higher.Text})", _created);

        public override void Release() => Releases++;
    }
}
