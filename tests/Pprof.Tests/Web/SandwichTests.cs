using System.Text.RegularExpressions;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.Tests.Web;

/// <summary>The sandwich cut from a call tree: recursion counted once, callers and callees merged across the function's places.</summary>
public sealed class SandwichTests
{
    private static CallTreeNode Node(string name, long self, params CallTreeNode[] children) =>
        new(name, name, self, self + children.Sum(c => c.Value), children);

    [Fact]
    public void A_recursive_function_called_from_two_places_counts_each_stack_once()
    {
        // root -> A -> F -> G -> F, and root -> F.
        var root = Node("root", 0, Node("A", 0, Node("F", 2, Node("G", 3, Node("F", 5)))), Node("F", 4));

        var sandwich = Sandwich.Of(root, new Regex("^F$"));

        Assert.Equal(("F", 11L, 14L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Equal("F 14 self 4 [A 10 self 10 []]", Text(sandwich.Callers));
        Assert.Equal("F 14 self 6 [G 8 self 3 [F 5 self 5 []]]", Text(sandwich.Callees));
    }

    [Fact]
    public void Several_functions_matched_are_one_filling_named_by_the_regexp()
    {
        var root = Node("root", 0, Node("A", 1, Node("F1", 2)), Node("F2", 3));

        var sandwich = Sandwich.Of(root, new Regex("^F"));

        Assert.Equal(("^F", 5L, 5L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Equal("^F 5 self 3 [A 2 self 2 []]", Text(sandwich.Callers));
    }

    [Fact]
    public void A_function_nowhere_in_the_tree_is_an_empty_sandwich()
    {
        var sandwich = Sandwich.Of(Node("root", 0, Node("A", 1)), new Regex("^F$"));

        Assert.Equal(("^F$", 0L, 0L), (sandwich.Pivot, sandwich.Flat, sandwich.Cum));
        Assert.Empty(sandwich.Callees.Children);
    }

    private static string Text(CallTreeNode node) =>
        $"{node.Name} {node.Value} self {node.Self} [{string.Join(", ", node.Children.Select(Text))}]";
}
