namespace Pprof.Collector;

/// <summary>
/// Gives every object of a heap one retention path: the root that holds it, then the types of the objects that lead
/// from that root to it, ending with its own type. Among several paths it picks as PerfView does: a best-first walk
/// from the roots where an object's priority is its parent's tenth plus -1 for a framework type, so paths through
/// statics and the app's own types win over handles and the runtime's collections.
/// </summary>
internal sealed class RetentionPaths
{
    /// <summary>Frames kept from the root before a long path is cut, so that linked structures do not make huge stacks.</summary>
    public const int MaxDepth = 32;

    private static readonly string[] FrameworkNamespaces = ["System.", "Microsoft.", "Internal.", "Interop."];

    private readonly HeapGraph _graph;
    private readonly int _elided;
    private readonly int _unreached;
    private readonly double[] _typePriority;

    private RetentionPaths(HeapGraph graph)
    {
        _graph = graph;
        FrameNames = [.. graph.Roots.Select(r => r.Name), .. graph.TypeNames, "…", "[not reached from a root]"];
        _elided = FrameNames.Length - 2;
        _unreached = FrameNames.Length - 1;
        _typePriority = [.. graph.TypeNames.Select(IsFramework).Select(framework => framework ? -1.0 : 0)];
    }

    /// <summary>Roots, then types, then the markers of a cut path and of objects no root reaches.</summary>
    public string[] FrameNames { get; }

    public PathTrie Trie { get; } = new();

    /// <summary>The path (in <see cref="Trie"/>) of each object.</summary>
    public int[] ObjectPaths { get; private set; } = [];

    public static RetentionPaths Compute(HeapGraph graph)
    {
        var paths = new RetentionPaths(graph);
        paths.Walk();
        return paths;
    }

    private void Walk()
    {
        var count = _graph.ObjectCount;
        var paths = new int[count];
        Array.Fill(paths, -1);
        var queue = new PriorityBuckets(count + _graph.Roots.Length);
        void Discover(int obj, int parentPath, double parentPriority)
        {
            paths[obj] = Extend(parentPath, obj);

            // An object without references would discover nothing when its turn came.
            if (_graph.ReferenceStarts[obj + 1] > _graph.ReferenceStarts[obj])
            {
                queue.Enqueue(obj, _typePriority[_graph.Types[obj]] + (parentPriority / 10));
            }
        }

        // Roots are queue entries too, numbered after the objects, so that a root is opened only when nothing
        // better is left: an object a handle holds gets the handle as its path only if no static reaches it.
        for (var root = 0; root < _graph.Roots.Length; root++)
        {
            queue.Enqueue(count + root, _graph.Roots[root].Priority);
        }

        while (queue.TryDequeue(out var item, out var priority))
        {
            if (item >= count)
            {
                var root = _graph.Roots[item - count];
                var rootPath = Trie.Child(-1, item - count);
                foreach (var obj in root.Objects)
                {
                    if (paths[obj] < 0)
                    {
                        Discover(obj, rootPath, root.Priority);
                    }
                }

                continue;
            }

            foreach (var child in _graph.ReferencesOf(item))
            {
                if (paths[child] < 0)
                {
                    Discover(child, paths[item], priority);
                }
            }
        }

        var unreached = Trie.Child(-1, _unreached);
        for (var obj = 0; obj < count; obj++)
        {
            if (paths[obj] < 0)
            {
                paths[obj] = Extend(unreached, obj);
            }
        }

        ObjectPaths = paths;
    }

    private static bool IsFramework(string type) => FrameworkNamespaces.Any(n => type.StartsWith(n, StringComparison.Ordinal));

    /// <summary>The parent's path plus the object's type; a run of one type (a linked list) stays one frame.</summary>
    private int Extend(int parentPath, int obj)
    {
        var frame = _graph.Roots.Length + _graph.Types[obj];
        if (Trie.Frame(parentPath) == frame)
        {
            return parentPath;
        }

        if (Trie.Depth(parentPath) < MaxDepth)
        {
            return Trie.Child(parentPath, frame);
        }

        var grandparent = Trie.Parent(parentPath);
        var elided = grandparent >= 0 && Trie.Frame(grandparent) == _elided ? grandparent : Trie.Child(parentPath, _elided);
        return Trie.Child(elided, frame);
    }
}
