using CsCheck;
using Pprof.Reports;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Reports;

/// <summary>
/// The call tree as arrays, and the part of it a picture with a frame budget shows: on big.heap (1.4 million frames),
/// at any frame and any budget, the frames kept are the widest, come after their callers, and still add up.
/// </summary>
public sealed class CallTreeTableTests
{
    private static readonly Lazy<CallTreeTable> Big = new(() => new ProfileReport(ProfileSource.Load(TestData.File("big.heap.pb.gz"))).CallTreeTable());

    [Fact]
    public void The_whole_tree_as_objects_holds_the_collapsed_stacks_widest_first()
    {
        var report = new ProfileReport(ProfileSource.Load(TestData.File("gobmap.heap.4.pb.gz")), ReportOptions.Default with { SampleIndex = "alloc_space" });
        var table = report.CallTreeTable();

        var tree = table.ToTree();

        Assert.Equal(table.Count, Count(tree));
        var lines = new List<string>();
        Collapse(tree, "", lines);
        lines.Sort(StringComparer.Ordinal);
        Assert.Equal(report.ToText(ReportFormat.Collapsed), string.Concat(lines.Select(line => line + "\n")));
        Assert.True(WidestFirst(tree));
    }

    [Fact]
    public void The_widest_frames_come_after_their_callers_and_leave_out_none_wider()
    {
        var table = Big.Value;
        Gen.Select(Gen.Int[0, table.Count - 1], Gen.Int[1, 20_000]).Sample((node, budget) =>
        {
            var kept = table.Widest(node, budget);
            var set = kept.ToHashSet();
            var position = kept.Select((frame, i) => (frame, i)).ToDictionary(p => p.frame, p => p.i);
            var narrowestKept = kept.Min(table.Width);
            var widestLeftOut = set.SelectMany(frame => table.Callees(frame).ToArray()).Where(callee => !set.Contains(callee)).Select(table.Width).DefaultIfEmpty(0).Max();
            return kept[0] == node && kept.Count <= budget && set.Count == kept.Count
                && kept.Skip(1).All(frame => set.Contains(table.Parent(frame)) && position[table.Parent(frame)] < position[frame])
                && widestLeftOut <= narrowestKept
                && set.All(frame => KeptCalleesArePrefix(table, frame, set));
        }, iter: 40);
    }

    [Fact]
    public void A_pruned_tree_adds_up_with_its_other_boxes()
    {
        var table = Big.Value;
        Gen.Select(Gen.Int[0, table.Count - 1], Gen.Int[1, 5_000]).Sample((node, budget) =>
        {
            var tree = table.ToTree(node, budget);
            return Count(tree, real: true) <= budget && tree.Value == table.Value(node) && AddsUp(tree);
        }, iter: 40);
    }

    [Fact]
    public void Frames_read_by_many_requests_at_once_are_those_read_one_at_a_time()
    {
        // Callee lists are sorted when first read: requests that read one table at once must see them sorted.
        var profile = ProfileSource.Load(TestData.File("big.heap.pb.gz"));
        var random = new Random(15);
        var alone = new ProfileReport(profile).CallTreeTable();
        // Half of them among the first frames made, near the root, where the callee lists are long.
        var asked = Enumerable.Range(0, 64)
            .Select(i => (Node: random.Next(i % 2 == 0 ? 100 : alone.Count), Budget: random.Next(1, 3_000)))
            .ToArray();
        var expected = asked.Select(a => Picture(alone, a.Node, a.Budget)).ToArray();

        var shared = new ProfileReport(profile).CallTreeTable();
        var actual = new string[asked.Length];
        Parallel.For(0, asked.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = Picture(shared, asked[i].Node, asked[i].Budget));

        Assert.Equal(expected, actual);
    }

    private static string Picture(CallTreeTable table, int node, int budget) =>
        string.Join(' ', table.Widest(node, budget).Select(frame => $"{frame}:{table.Width(frame)}:{table.Callees(frame).Length}"))
        + " " + table.LeftOut(node, Math.Min(1, table.Callees(node).Length));

    private static bool KeptCalleesArePrefix(CallTreeTable table, int frame, HashSet<int> kept)
    {
        var callees = table.Callees(frame);
        var prefix = 0;
        while (prefix < callees.Length && kept.Contains(callees[prefix]))
        {
            prefix++;
        }

        for (var i = prefix; i < callees.Length; i++)
        {
            if (kept.Contains(callees[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Collapse(CallTreeNode node, string stack, List<string> lines)
    {
        if (node.Self != 0)
        {
            lines.Add($"{stack} {node.Self}");
        }

        foreach (var child in node.Children)
        {
            Collapse(child, stack.Length == 0 ? child.Name : $"{stack};{child.Name}", lines);
        }
    }

    private static bool WidestFirst(CallTreeNode node) =>
        node.Children.Zip(node.Children.Skip(1)).All(pair => pair.First.Value >= pair.Second.Value) && node.Children.All(WidestFirst);

    private static bool AddsUp(CallTreeNode node) =>
        node.Value == node.Self + node.Children.Sum(c => c.Value) && node.Children.All(AddsUp);

    private static int Count(CallTreeNode node, bool real = false) =>
        (real && node.Name == CallTreeTable.OtherName ? 0 : 1) + node.Children.Sum(c => Count(c, real));
}
