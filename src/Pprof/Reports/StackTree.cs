using Pprof.Graphs;

namespace Pprof.Reports;

/// <summary>
/// The samples of a report merged into one call tree, root first, for flame graphs and folded stacks: samples with
/// equal stacks add up. It reads the profile as the filters and the granularity left it, and sums the selected value
/// (without <c>-mean</c>, as pprof's flame graph does); samples without frames or with a zero value are left out.
/// </summary>
internal sealed class StackTree
{
    private List<StackTree>? _children;
    private bool _childrenSorted;

    private StackTree(int index, string name, string function, StackTree? parent)
    {
        Index = index;
        Name = name;
        Function = function;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The frame's name as reports print it (function, and file:line or address at finer granularities).</summary>
    public string Name { get; }

    /// <summary>The function alone, without address or file ("" when unknown).</summary>
    public string Function { get; }

    public StackTree? Parent { get; }

    /// <summary>0 for the root, which stands for the whole profile.</summary>
    public int Depth { get; }

    /// <summary>The value of the stacks that end at this frame.</summary>
    public long Self { get; private set; }

    /// <summary>The value of the stacks through this frame: negative where a comparison shrank.</summary>
    public long Value { get; private set; }

    /// <summary>
    /// Σ|value| of the merged stacks through this frame: the room it takes in a picture, so that in a comparison
    /// growth and shrinkage both show instead of cancelling out. Children never take more than their parent.
    /// </summary>
    public long Width { get; private set; }

    /// <summary>Of the root: some sample had a negative value, so the profile is a comparison (<c>-base</c>, <c>-diff_base</c>).</summary>
    public bool HasNegativeSamples { get; private set; }

    /// <summary>Callees, widest first, then by name.</summary>
    public IReadOnlyList<StackTree> Children
    {
        get
        {
            if (_children is null)
            {
                return [];
            }

            if (!_childrenSorted)
            {
                _children.Sort(WidestFirst);
                _childrenSorted = true;
            }

            return _children;
        }
    }

    /// <summary>The number of the frame in creation order: with a frame number, it finds a callee in one lookup.</summary>
    private int Index { get; }

    public static StackTree Build(Report report)
    {
        var profile = report.Profile;
        var sampleIndex = report.Options.SampleIndex;
        var names = new List<(string Name, string Function)>();
        var frameNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var locationFrames = profile.Locations.Select(location =>
        {
            var infos = GraphBuilder.LineInfos(location, new GraphOptions());
            var frames = new int[infos.Length];
            for (var i = 0; i < infos.Length; i++)
            {
                // Lines list the innermost frame first; stacks here go from the root down.
                var info = infos[infos.Length - 1 - i];
                var name = info.PrintableName();
                if (!frameNumbers.TryGetValue(name, out frames[i]))
                {
                    frames[i] = frameNumbers[name] = names.Count;
                    names.Add((name, info.Name));
                }
            }

            return frames;
        }).ToArray();

        var root = new StackTree(0, "root", "", null);
        var nodes = new List<StackTree> { root };
        var children = new Dictionary<(int Node, int Frame), StackTree>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var value = cursor.Values[sampleIndex];
            var stack = cursor.Stack;
            if (value == 0 || stack.IsEmpty)
            {
                continue;
            }

            var node = root;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                foreach (var frame in locationFrames[stack[i]])
                {
                    if (!children.TryGetValue((node.Index, frame), out var child))
                    {
                        var (name, function) = names[frame];
                        child = new StackTree(nodes.Count, name, function, node);
                        children[(node.Index, frame)] = child;
                        nodes.Add(child);
                        (node._children ??= []).Add(child);
                    }

                    node = child;
                }
            }

            node.Self += value;
            root.HasNegativeSamples |= value < 0;
        }

        // A caller is created before its callees, so in reverse every callee comes first.
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            node.Value += node.Self;
            node.Width += LongMath.Abs(node.Self);
            if (node.Parent is { } parent)
            {
                parent.Value += node.Value;
                parent.Width += node.Width;
            }
        }

        return root;
    }

    /// <summary>This frame, then each subtree in <see cref="Children"/> order; iterative, as stacks can be deep.</summary>
    public IEnumerable<StackTree> PreOrder()
    {
        var pending = new Stack<StackTree>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            yield return node;
            var children = node.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }
    }

    /// <summary>The frames from the root's first callee down to this one.</summary>
    public IEnumerable<string> Path()
    {
        var names = new List<string>();
        for (var node = this; node.Parent is not null; node = node.Parent)
        {
            names.Add(node.Name);
        }

        names.Reverse();
        return names;
    }

    private static int WidestFirst(StackTree left, StackTree right)
    {
        var byWidth = right.Width.CompareTo(left.Width);
        return byWidth != 0 ? byWidth : string.CompareOrdinal(left.Name, right.Name);
    }
}
