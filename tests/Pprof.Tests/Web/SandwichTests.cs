using System.Text.RegularExpressions;
using CsCheck;
using Pprof.Reports;
using Pprof.Tests.Leaks;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>The sandwich cut from a call tree: recursion counted once, callers and callees merged across the function's places.</summary>
public sealed class SandwichTests
{
    [Fact]
    public void A_recursive_function_called_from_two_places_counts_each_stack_once()
    {
        // root -> A -> F -> G -> F, and root -> F.
        var table = Table(
            (["A", "F"], 2), (["A", "F", "G"], 3), (["A", "F", "G", "F"], 5), (["F"], 4));

        var sandwich = Sandwich.Of(table, new Regex("^F$"));

        Assert.Equal(("F", 11L, 14L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Equal("F 14 self 4 [A 10 self 10 []]", Text(sandwich.Callers));
        Assert.Equal("F 14 self 6 [G 8 self 3 [F 5 self 5 []]]", Text(sandwich.Callees));
    }

    [Fact]
    public void Several_functions_matched_are_one_filling_named_by_the_regexp()
    {
        var table = Table((["A"], 1), (["A", "F1"], 2), (["F2"], 3));

        var sandwich = Sandwich.Of(table, new Regex("^F"));

        Assert.Equal(("^F", 5L, 5L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Equal("^F 5 self 3 [A 2 self 2 []]", Text(sandwich.Callers));
    }

    [Fact]
    public void A_function_nowhere_in_the_tree_is_an_empty_sandwich()
    {
        var sandwich = Sandwich.Of(Table((["A"], 1)), new Regex("^F$"));

        Assert.Equal(("^F$", 0L, 0L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Empty(sandwich.Callees.Callees);
    }

    [Fact]
    public void The_sandwich_equals_one_counted_stack_by_stack()
    {
        var names = new[] { "A", "B", "C", "F", "G" };
        var stacks = Gen.Select(Gen.Int[0, names.Length - 1].Array[1, 7].Select(frames => frames.Select(f => names[f]).ToArray()), Gen.Long[1, 9])
            .Array[1, 30];
        var patterns = Gen.Int[0, 4].Select(i => new[] { "^F$", "^(F|G)$", "^[AB]$", "C", "^Z$" }[i]);
        Gen.Select(stacks, patterns).Sample(
            (samples, pattern) =>
            {
                var sandwich = Sandwich.Of(Table(samples), new Regex(pattern));
                var expected = Counted(samples, new Regex(pattern), sandwich.Pivot);
                return (sandwich.Flat, sandwich.Cum, Text(sandwich.Callers), Text(sandwich.Callees)) == expected;
            },
            iter: 300);
    }

    /// <summary>What the sandwich must show, from the stacks themselves: each cut at its first matching frame.</summary>
    private static (long Flat, long Cum, string Callers, string Callees) Counted((string[] RootFirst, long Value)[] samples, Regex function, string pivot)
    {
        var callers = new Counter(pivot);
        var callees = new Counter(pivot);
        long flat = 0;
        foreach (var (stack, value) in samples)
        {
            var first = Array.FindIndex(stack, function.IsMatch);
            if (first < 0)
            {
                continue;
            }

            flat += function.IsMatch(stack[^1]) ? value : 0;
            callers.Add(stack[..first].Reverse(), value);
            callees.Add(stack[(first + 1)..], value);
        }

        return (flat, callers.Value, callers.Text(), callees.Text());
    }

    private static CallTreeTable Table(params (string[] RootFirst, long Value)[] samples) =>
        new ProfileReport(SyntheticProfiles.Goroutines(TimeSpan.Zero, samples.Select(s => (s.RootFirst.Reverse().ToArray(), s.Value)))).CallTreeTable();

    private static string Text(IFlameFrame frame) =>
        $"{frame.Name} {frame.Value} self {frame.Self} [{string.Join(", ", frame.Callees.Select(Text))}]";

    /// <summary>A tree of names counted path by path, written as <see cref="Text(IFlameFrame)"/> writes one.</summary>
    private sealed class Counter(string name)
    {
        public string Name { get; } = name;

        private readonly Dictionary<string, Counter> _children = new(StringComparer.Ordinal);

        public long Value { get; private set; }

        private long Self { get; set; }

        public void Add(IEnumerable<string> path, long value)
        {
            Value += value;
            var node = this;
            foreach (var frame in path)
            {
                if (!node._children.TryGetValue(frame, out var child))
                {
                    node._children[frame] = child = new Counter(frame);
                }

                node = child;
                node.Value += value;
            }

            node.Self += value;
        }

        public string Text() =>
            $"{Name} {Value} self {Self} [{string.Join(", ", _children.Values.OrderByDescending(c => c.Value).ThenBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Text()))}]";
    }
}
