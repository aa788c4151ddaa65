using Pprof.Collector;

namespace Pprof.Tests.Collector;

/// <summary>Immediate dominators and retained sizes, on hand-made graphs and against a brute-force definition.</summary>
public sealed class DominatorTreeTests
{
    [Fact]
    public void In_a_diamond_the_top_dominates_the_bottom()
    {
        // 0 -> 1 -> 3 and 0 -> 2 -> 3.
        var tree = Compute([[1, 2], [3], [3], []], [[0]], sizes: [10, 20, 30, 40]);

        Assert.Equal([-1, 0, 0, 0], tree.Dominators);
        Assert.Equal([100, 20, 30, 40], tree.Retained);
    }

    [Fact]
    public void In_a_chain_each_object_retains_the_rest()
    {
        var tree = Compute([[1], [2], [3], []], [[0]], sizes: [1, 2, 4, 8]);

        Assert.Equal([-1, 0, 1, 2], tree.Dominators);
        Assert.Equal([15, 14, 12, 8], tree.Retained);
    }

    [Fact]
    public void An_object_two_roots_share_is_retained_by_neither_holder()
    {
        // Root A holds 0, root B holds 1; both reference 2, which alone references 3.
        var tree = Compute([[2], [2], [3], []], [[0], [1]], sizes: [1, 2, 4, 8]);

        Assert.Equal([-1, -1, -1, 2], tree.Dominators);
        Assert.Equal([1, 2, 12, 8], tree.Retained);
    }

    [Fact]
    public void An_object_a_root_also_holds_directly_is_not_dominated()
    {
        var tree = Compute([[1], []], [[0, 1]], sizes: [1, 2]);

        Assert.Equal([-1, -1], tree.Dominators);
        Assert.Equal([1, 2], tree.Retained);
    }

    [Fact]
    public void A_cycle_is_dominated_by_where_it_is_entered()
    {
        // 0 -> 1 -> 2 -> 1 (a cycle entered at 1 only), 2 -> 0; and 0 -> 3, 0 -> 4, 3 <-> 4 (a cycle entered twice).
        var tree = Compute([[1, 3, 4], [2], [1, 0], [4], [3]], [[0]], sizes: [1, 2, 4, 8, 16]);

        Assert.Equal([-1, 0, 1, 0, 0], tree.Dominators);
        Assert.Equal([31, 6, 4, 8, 16], tree.Retained);
    }

    [Fact]
    public void Objects_no_root_reaches_head_their_own_trees()
    {
        // 0 is rooted; 1 -> 2 is reached from nothing.
        var tree = Compute([[], [2], []], [[0]], sizes: [1, 2, 4]);

        Assert.Equal([-1, -1, 1], tree.Dominators);
        Assert.Equal([1, 6, 4], tree.Retained);
    }

    [Fact]
    public void The_graph_of_Lengauer_and_Tarjans_paper()
    {
        // R A B C D E F G H I J K L, as in "A Fast Algorithm for Finding Dominators in a Flowgraph" (1979), figure 1.
        const int R = 0, A = 1, B = 2, C = 3, D = 4, E = 5, F = 6, G = 7, H = 8, I = 9, J = 10, K = 11, L = 12;
        int[][] references =
        [
            [A, B, C], [D], [A, D, E], [F, G], [L], [H], [I], [I, J], [E, K], [K], [I], [I, R], [H],
        ];

        var tree = Compute(references, [[R]]);

        Assert.Equal([-1, R, R, R, R, R, C, C, R, R, G, R, D], tree.Dominators);
    }

    [Fact]
    public void Random_graphs_agree_with_removing_each_object_in_turn()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 300; trial++)
        {
            var count = random.Next(1, 25);
            var references = Enumerable.Range(0, count)
                .Select(_ => Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(count)).ToArray())
                .ToArray();
            var roots = Enumerable.Range(0, random.Next(1, 3))
                .Select(_ => Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(count)).ToArray())
                .ToList();

            // As in a complete heap walk, every object is reachable from some root.
            var reached = Reachable(references, [.. roots.SelectMany(r => r)], removed: -1);
            roots.Add([.. Enumerable.Range(0, count).Where(obj => !reached[obj])]);

            long[] sizes = [.. references.Select(_ => (long)random.Next(1, 100))];

            var tree = Compute(references, [.. roots], sizes);

            var expected = BruteForceDominators(references, [.. roots]);
            Assert.True(expected.SequenceEqual(tree.Dominators), $"trial {trial}");
            var retained = new long[count];
            for (var obj = 0; obj < count; obj++)
            {
                for (var holder = obj; holder >= 0; holder = expected[holder])
                {
                    retained[holder] += sizes[obj];
                }
            }

            Assert.True(retained.SequenceEqual(tree.Retained), $"trial {trial}");
        }
    }

    [Fact]
    public void A_long_linked_list_whose_nodes_reference_the_list_is_a_chain_of_dominators()
    {
        // Object 0 is the list; node i (1..N) references the next node and the list, as LinkedListNode does: a
        // million of them, which an algorithm quadratic in the chain's length would not get through.
        const int Nodes = 1_000_000;
        var references = new int[Nodes + 1][];
        references[0] = [1];
        for (var i = 1; i <= Nodes; i++)
        {
            references[i] = i < Nodes ? [i + 1, 0] : [0];
        }

        var tree = Compute(references, [[0]]);

        Assert.Equal(Nodes - 1, tree.Dominators[Nodes]);
        Assert.Equal(24L * (Nodes + 1), tree.Retained[0]);
        Assert.Equal(24L, tree.Retained[Nodes]);
    }

    /// <summary>The immediate dominator and the retained size of every object.</summary>
    private static (int[] Dominators, long[] Retained) Compute(int[][] references, int[][] roots, long[]? sizes = null)
    {
        var tree = DominatorTree.Compute(HandMadeHeaps.Graph(
            types: [.. references.Select(_ => 0)],
            references,
            [.. roots.Select((objects, i) => new HeapRoot($"root {i}", 0, [.. objects]))],
            sizes));
        var objects = Enumerable.Range(0, references.Length).ToList();
        return ([.. objects.Select(tree.ImmediateDominator)], [.. objects.Select(tree.RetainedBytes)]);
    }

    /// <summary>
    /// By the definition: d dominates o when o cannot be reached once d is taken away. The immediate dominator is
    /// the dominator that all the others dominate, the closest one.
    /// </summary>
    private static int[] BruteForceDominators(int[][] references, int[][] roots)
    {
        var count = references.Length;
        var starts = roots.SelectMany(r => r).Distinct().ToList();
        var dominators = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        for (var d = 0; d < count; d++)
        {
            var reached = Reachable(references, starts, removed: d);
            for (var obj = 0; obj < count; obj++)
            {
                if (obj != d && !reached[obj])
                {
                    dominators[obj].Add(d);
                }
            }
        }

        return [.. dominators.Select(ds => ds.Count == 0 ? -1 : ds.Single(d => dominators[d].Count == ds.Count - 1))];
    }

    private static bool[] Reachable(int[][] references, List<int> starts, int removed)
    {
        var reached = new bool[references.Length];
        var pending = new Stack<int>(starts.Where(s => s != removed));
        while (pending.TryPop(out var obj))
        {
            if (!reached[obj])
            {
                reached[obj] = true;
                foreach (var target in references[obj].Where(t => t != removed))
                {
                    pending.Push(target);
                }
            }
        }

        return reached;
    }
}
