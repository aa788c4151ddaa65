using System.Text.RegularExpressions;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// A function's sandwich: the stacks through it cut at its outermost frame, its callers above (a tree from the function
/// up to the outermost caller) and its callees below (a tree from the function down), both rooted at the function.
/// </summary>
/// <param name="Pivot">The function's name, or the regexp when it matched several.</param>
/// <param name="Flat">The value of the stacks that end in the function.</param>
/// <param name="Cum">The value of the stacks through the function, each counted once however often it recurses.</param>
internal sealed record Sandwich(string Pivot, long Flat, long Cum, CallTreeNode Callers, CallTreeNode Callees)
{
    public static Sandwich Of(CallTreeNode root, Regex function)
    {
        var callers = new TreeBuilder("");
        var callees = new TreeBuilder("");
        var matched = new SortedSet<string>(StringComparer.Ordinal);
        long flat = 0;
        var path = new List<CallTreeNode>();

        void Visit(CallTreeNode node)
        {
            if (path.Count > 0 && Matches(node))
            {
                flat += MatchingSelf(node);
                callees.Add(node.Value, node.Self);
                foreach (var child in node.Children)
                {
                    callees.Merge(child);
                }

                // From the function's caller outwards; the root (the whole profile) is not a caller.
                var caller = callers.Add(node.Value, path.Count == 1 ? node.Value : 0);
                for (var i = path.Count - 1; i >= 1; i--)
                {
                    caller = caller.Child(path[i].Name).Add(node.Value, i == 1 ? node.Value : 0);
                }

                return;
            }

            path.Add(node);
            foreach (var child in node.Children)
            {
                Visit(child);
            }

            path.RemoveAt(path.Count - 1);
        }

        bool Matches(CallTreeNode node) => function.IsMatch(node.Name) || (node.Function.Length != 0 && function.IsMatch(node.Function));

        // Every matching frame inside the outermost one counts to the flat value, and names the filling.
        long MatchingSelf(CallTreeNode node)
        {
            var self = 0L;
            if (Matches(node))
            {
                matched.Add(node.Name);
                self = node.Self;
            }

            return self + node.Children.Sum(MatchingSelf);
        }

        Visit(root);
        var pivot = matched.Count == 1 ? matched.Min! : function.ToString();
        return new Sandwich(pivot, flat, callees.Value, callers.Build(pivot), callees.Build(pivot));
    }

    /// <summary>A tree being summed up from paths: children by name.</summary>
    private sealed class TreeBuilder(string name)
    {
        private readonly Dictionary<string, TreeBuilder> _children = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public long Value { get; private set; }

        private long Self { get; set; }

        public TreeBuilder Add(long value, long self)
        {
            Value += value;
            Self += self;
            return this;
        }

        public TreeBuilder Child(string childName)
        {
            if (!_children.TryGetValue(childName, out var child))
            {
                _children[childName] = child = new TreeBuilder(childName);
            }

            return child;
        }

        public void Merge(CallTreeNode node)
        {
            var child = Child(node.Name).Add(node.Value, node.Self);
            foreach (var callee in node.Children)
            {
                child.Merge(callee);
            }
        }

        public CallTreeNode Build(string? rootName = null) => new(
            rootName ?? Name,
            "",
            Self,
            Value,
            [.. _children.Values
                .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => c.Build())]);
    }
}
