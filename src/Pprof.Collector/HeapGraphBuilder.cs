using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>
/// Gathers the bulk events of a heap walk (types, objects, references, roots) and resolves them into a
/// <see cref="HeapGraph"/>. Objects and references are identified by address until then; an object's references
/// are the next EdgeCount entries of one stream of edges that runs across events.
/// </summary>
internal sealed class HeapGraphBuilder
{
    private const double StaticPriority = 0;
    private const double ThreadStaticPriority = -1;
    private const double StackPriority = -1_000;
    private const double FinalizerPriority = -1_500;
    private const double HandlePriority = -2_000_000;

    private readonly Dictionary<ulong, string> _typeNames = [];
    private readonly List<ulong> _addresses = [];
    private readonly List<ulong> _typeIds = [];
    private readonly List<long> _sizes = [];
    private readonly List<int> _edgeCounts = [];
    private readonly List<ulong> _edges = [];
    private readonly List<(ulong Key, ulong Value)> _dependents = [];
    private readonly Dictionary<string, (double Priority, List<ulong> Objects)> _roots = new(StringComparer.Ordinal);
    private readonly List<(ulong ValueType, string Field, bool ThreadStatic, ulong Object)> _statics = [];

    public long ObjectBytes { get; private set; }

    public void AddTypes(GCBulkTypeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var type = data.Values(i);
            _typeNames[type.TypeID] = type.TypeName;
        }
    }

    public void AddObjects(GCBulkNodeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var node = data.Values(i);
            _addresses.Add(node.Address);
            _typeIds.Add(node.TypeID);
            _sizes.Add((long)node.Size);
            _edgeCounts.Add((int)node.EdgeCount);
            ObjectBytes += (long)node.Size;
        }
    }

    public void AddReferences(GCBulkEdgeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            _edges.Add(data.Values(i).Target);
        }
    }

    public void AddRoots(GCBulkRootEdgeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var root = data.Values(i);
            if ((root.GCRootFlag & GCRootFlags.WeakRef) != 0)
            {
                continue;
            }

            var (name, priority) = root.GCRootKind switch
            {
                GCRootKind.Stack => ("[stack]", StackPriority),
                GCRootKind.Finalizer => ("[finalization queue]", FinalizerPriority),
                GCRootKind.Handle when (root.GCRootFlag & GCRootFlags.Pinning) != 0 => ("[pinning handle]", HandlePriority),
                GCRootKind.Handle when (root.GCRootFlag & GCRootFlags.RefCounted) != 0 => ("[ref-counted handle]", HandlePriority),
                GCRootKind.Handle => ("[strong handle]", HandlePriority),
                _ => ("[other root]", HandlePriority),
            };
            Root(name, priority).Add(root.RootedNodeAddress);
        }
    }

    public void AddStatics(GCBulkRootStaticVarTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var root = data.Values(i);
            _statics.Add((root.TypeID, root.FieldName, (root.Flags & GCRootStaticVarFlags.ThreadLocal) != 0, root.ObjectID));
        }
    }

    /// <summary>A ConditionalWeakTable entry: its value lives as long as its key, as if the key referenced it.</summary>
    public void AddDependents(GCBulkRootConditionalWeakTableElementEdgeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var entry = data.Values(i);
            _dependents.Add((entry.GCKeyNodeID, entry.GCValueNodeID));
        }
    }

    public HeapGraph Build()
    {
        // The runtime names a static's field and the type of its value, not the class that declares it; the
        // value's type may be described only after the static is reported.
        foreach (var (valueType, field, threadStatic, obj) in _statics)
        {
            var name = $"{(threadStatic ? "[thread static]" : "[static]")} {field}: {TypeName(valueType)}";
            Root(name, threadStatic ? ThreadStaticPriority : StaticPriority).Add(obj);
        }

        var count = _addresses.Count;
        var index = new Dictionary<ulong, int>(count);
        for (var i = 0; i < count; i++)
        {
            index.TryAdd(_addresses[i], i);
        }

        var typeIndex = new Dictionary<ulong, int>();
        var typeNames = new List<string>();
        var types = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!typeIndex.TryGetValue(_typeIds[i], out var type))
            {
                type = typeNames.Count;
                typeNames.Add(TypeName(_typeIds[i]));
                typeIndex[_typeIds[i]] = type;
            }

            types[i] = type;
        }

        var (starts, references) = References(count, index);
        return new HeapGraph
        {
            TypeNames = [.. typeNames],
            Types = types,
            Sizes = [.. _sizes],
            ReferenceStarts = starts,
            References = references,
            Roots = [.. _roots.Select(r => new HeapRoot(r.Key, r.Value.Priority, Resolve(r.Value.Objects, index)))],
        };
    }

    private (int[] Starts, int[] References) References(int count, Dictionary<ulong, int> index)
    {
        var dependents = new List<(int Key, int Value)>();
        foreach (var (key, value) in _dependents)
        {
            if (index.TryGetValue(key, out var from) && index.TryGetValue(value, out var to))
            {
                dependents.Add((from, to));
            }
        }

        var starts = new int[count + 1];
        var edge = 0;
        var targets = new List<int>(_edges.Count + dependents.Count);
        var extra = dependents.ToLookup(d => d.Key, d => d.Value);
        for (var i = 0; i < count; i++)
        {
            starts[i] = targets.Count;

            // A walk cut short leaves the last objects with fewer edges than they announced.
            var end = Math.Min(edge + _edgeCounts[i], _edges.Count);
            for (; edge < end; edge++)
            {
                if (index.TryGetValue(_edges[edge], out var target))
                {
                    targets.Add(target);
                }
            }

            targets.AddRange(extra[i]);
        }

        starts[count] = targets.Count;
        return (starts, [.. targets]);
    }

    private string TypeName(ulong id) => _typeNames.GetValueOrDefault(id, $"type 0x{id:x}");

    private static List<int> Resolve(List<ulong> addresses, Dictionary<ulong, int> index) =>
        [.. addresses.Select(a => index.GetValueOrDefault(a, -1)).Where(i => i >= 0)];

    private List<ulong> Root(string name, double priority)
    {
        if (!_roots.TryGetValue(name, out var root))
        {
            root = (priority, []);
            _roots[name] = root;
        }

        return root.Objects;
    }
}
