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
        // Names repeat across a tree of millions of frames, as the same strings: each is matched once.
        var verdicts = new Dictionary<string, bool>(ReferenceEqualityComparer.Instance);
        bool Matches(CallTreeNode node)
        {
            if (!verdicts.TryGetValue(node.Name, out var matches))
            {
                verdicts[node.Name] = matches = function.IsMatch(node.Name) || (node.Function.Length != 0 && function.IsMatch(node.Function));
            }

            return matches;
        }

        var outermost = new List<CallTreeNode>();
        var callers = new CallerTree("");
        var path = new List<CallTreeNode>();
        void Visit(CallTreeNode node)
        {
            if (path.Count > 0 && Matches(node))
            {
                outermost.Add(node);
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

        Visit(root);
        var matched = new SortedSet<string>(StringComparer.Ordinal);
        long flat = 0;
        // Every matching frame inside an outermost one counts to the flat value, and names the filling.
        void Inside(CallTreeNode node)
        {
            if (Matches(node))
            {
                matched.Add(node.Name);
                flat += node.Self;
            }

            foreach (var child in node.Children)
            {
                Inside(child);
            }
        }

        outermost.ForEach(Inside);
        var pivot = matched.Count == 1 ? matched.Min! : function.ToString();
        return new Sandwich(pivot, flat, callers.Value, callers.Build(pivot), Merged(pivot, outermost));
    }

    /// <summary>
    /// Frames of one name merged into one, their callees merged by name; a frame with nothing to merge with is kept as
    /// it is, so that the usual case (one outermost frame) copies nothing.
    /// </summary>
    private static CallTreeNode Merged(string name, IReadOnlyList<CallTreeNode> frames)
    {
        if (frames is [{ } only] && only.Name == name)
        {
            return only;
        }

        CallTreeNode[] callees =
        [
            .. frames.SelectMany(f => f.Children)
                .GroupBy(c => c.Name, StringComparer.Ordinal)
                .Select(group => Merged(group.Key, [.. group]))
                .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Name, StringComparer.Ordinal),
        ];
        return new CallTreeNode(name, frames.Count == 0 ? "" : frames[0].Function, frames.Sum(f => f.Self), frames.Sum(f => f.Value), callees);
    }

    /// <summary>The callers' tree, summed up from the paths above each outermost frame: children by name.</summary>
    private sealed class CallerTree(string name)
    {
        private readonly Dictionary<string, CallerTree> _children = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public long Value { get; private set; }

        private long Self { get; set; }

        public CallerTree Add(long value, long self)
        {
            Value += value;
            Self += self;
            return this;
        }

        public CallerTree Child(string childName)
        {
            if (!_children.TryGetValue(childName, out var child))
            {
                _children[childName] = child = new CallerTree(childName);
            }

            return child;
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
