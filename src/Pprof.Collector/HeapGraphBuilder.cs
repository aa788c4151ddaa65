using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Pprof.Collector.Metadata;

namespace Pprof.Collector;

/// <summary>
/// Gathers the bulk events of a heap walk (types, objects, references, roots) and resolves them into a
/// <see cref="HeapGraph"/>. An object's references are the next EdgeCount entries of one stream of edges that runs
/// across events. During the walk each event is only appended to flat chunked lists, so that reading keeps up with
/// the runtime; references are resolved from address to object number once the walk is over.
/// </summary>
internal sealed class HeapGraphBuilder
{
    private const double StaticPriority = 0;
    private const double ThreadStaticPriority = -1;
    private const double StackPriority = -1_000;
    private const double FinalizerPriority = -1_500;
    private const double HandlePriority = -2_000_000;

    /// <summary>Edges resolved by one task, in parallel.</summary>
    private const int ResolveBatch = 1 << 16;

    private readonly Dictionary<ulong, string> _typeNames = [];
    private readonly Dictionary<ulong, int> _typeNumbers = [];
    private readonly List<ulong> _typeIds = [];
    private readonly ChunkedList<int> _types = new();
    private readonly ChunkedList<long> _sizes = new();
    private readonly ChunkedList<int> _edgeCounts = new();
    private readonly ChunkedList<ulong> _edges = new();
    private readonly List<(ulong Key, ulong Value)> _dependents = [];
    private readonly Dictionary<string, (double Priority, List<ulong> Objects)> _roots = new(StringComparer.Ordinal);
    private readonly List<(ulong ValueType, string Field, bool ThreadStatic, ulong Object)> _statics = [];
    private readonly List<(ulong Method, ulong Object)> _stackRoots = [];
    private readonly Dictionary<ulong, string> _methodNames = [];
    private AddressIndex.Builder? _objects;

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
        _objects ??= new AddressIndex.Builder(data.PointerSize);
        for (var i = 0; i < data.Count; i++)
        {
            var node = data.Values(i);
            _objects.Add(node.Address);
            _types.Add(TypeNumber(node.TypeID));
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

            if (root.GCRootKind == GCRootKind.Stack)
            {
                _stackRoots.Add((root.GCRootID, root.RootedNodeAddress));
                continue;
            }

            var (name, priority) = root.GCRootKind switch
            {
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

    /// <summary>
    /// A method of the rundown: a stack root names the method whose frame holds it, by the address of its method
    /// description, which the rundown's method events give with the method's name.
    /// </summary>
    public void AddMethod(MethodLoadUnloadVerboseTraceData method) =>
        _methodNames.TryAdd((ulong)method.MethodID, $"{method.MethodNamespace}.{method.MethodName}");

    /// <summary>A ConditionalWeakTable entry: its value lives as long as its key, as if the key referenced it.</summary>
    public void AddDependents(GCBulkRootConditionalWeakTableElementEdgeTraceData data)
    {
        for (var i = 0; i < data.Count; i++)
        {
            var entry = data.Values(i);
            _dependents.Add((entry.GCKeyNodeID, entry.GCValueNodeID));
        }
    }

    /// <param name="owners">Finds the class that declares a static field, which the runtime does not name.</param>
    public HeapGraph Build(StaticFieldOwners owners)
    {
        // The value's type may be described only after the static is reported.
        foreach (var (valueType, field, threadStatic, obj) in _statics)
        {
            var name = owners.RootName(threadStatic ? "[thread static]" : "[static]", field, TypeName(valueType));
            Root(name, threadStatic ? ThreadStaticPriority : StaticPriority).Add(obj);
        }

        foreach (var (method, obj) in _stackRoots)
        {
            Root(_methodNames.TryGetValue(method, out var name) ? $"[stack] {name}" : "[stack]", StackPriority).Add(obj);
        }

        var objects = (_objects ?? new AddressIndex.Builder(IntPtr.Size)).Build();
        var (starts, references) = References(objects, _types.Count);
        var roots = _roots.Select(r => new HeapRoot(r.Key, r.Value.Priority, [.. r.Value.Objects.Select(objects.Find).Where(i => i >= 0)]));
        var graph = new HeapGraph
        {
            TypeNames = [.. _typeIds.Select(TypeName)],
            Types = _types,
            Sizes = _sizes,
            ReferenceStarts = starts,
            References = references,
            Roots = [.. roots],
        };
        return graph.WithRoots(TimerRoots.Of(graph));
    }

    private int TypeNumber(ulong typeId)
    {
        if (!_typeNumbers.TryGetValue(typeId, out var number))
        {
            number = _typeIds.Count;
            _typeIds.Add(typeId);
            _typeNumbers[typeId] = number;
        }

        return number;
    }

    /// <summary>
    /// The edges resolved (those to objects the walk did not report dropped) in compressed rows, with each
    /// ConditionalWeakTable value as a reference of its key. The rows are packed into the array of resolved targets,
    /// whose end is then left unused rather than copied.
    /// </summary>
    private (int[] Starts, int[] References) References(AddressIndex objects, int count)
    {
        var targets = new int[_edges.Count];
        Parallel.For(0, (targets.Length + ResolveBatch - 1) / ResolveBatch, batch =>
        {
            var end = Math.Min((batch + 1) * ResolveBatch, targets.Length);
            for (var edge = batch * ResolveBatch; edge < end; edge++)
            {
                targets[edge] = objects.Find(_edges[edge]);
            }
        });
        _edges.Clear();

        (int Key, int Value)[] dependents = [.. _dependents
            .Select(d => (Key: objects.Find(d.Key), Value: objects.Find(d.Value)))
            .Where(d => d.Key >= 0 && d.Value >= 0)
            .OrderBy(d => d.Key)];

        // Each row is packed in place (a row only moves down); a walk cut short leaves the last objects with fewer
        // edges than they announced.
        var starts = new int[count + 1];
        for (int obj = 0, edge = 0, next = 0; obj < count; obj++)
        {
            var end = Math.Min(edge + _edgeCounts[obj], targets.Length);
            for (; edge < end; edge++)
            {
                if (targets[edge] >= 0)
                {
                    targets[next++] = targets[edge];
                }
            }

            starts[obj + 1] = next;
        }

        _edgeCounts.Clear();
        return dependents.Length > 0 ? WithDependents(starts, targets, dependents) : (starts, targets);
    }

    private static (int[] Starts, int[] References) WithDependents(int[] starts, int[] targets, (int Key, int Value)[] dependents)
    {
        var count = starts.Length - 1;
        var withDependents = new int[count + 1];
        var references = new int[starts[count] + dependents.Length];
        for (int obj = 0, dependent = 0, next = 0; obj < count; obj++)
        {
            var row = targets.AsSpan(starts[obj], starts[obj + 1] - starts[obj]);
            row.CopyTo(references.AsSpan(next));
            next += row.Length;
            for (; dependent < dependents.Length && dependents[dependent].Key == obj; dependent++)
            {
                references[next++] = dependents[dependent].Value;
            }

            withDependents[obj + 1] = next;
        }

        return (withDependents, references);
    }

    private string TypeName(ulong id) => _typeNames.GetValueOrDefault(id, $"type 0x{id:x}");

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
