namespace Pprof.Collector;

/// <summary>
/// The dominator tree of a heap graph. Object d dominates object o when every path from the roots to o goes through
/// d, so that d is what keeps o alive: an object's retained size is its own plus that of every object it dominates,
/// the memory that would be freed with it.
/// </summary>
/// <remarks>
/// Lengauer and Tarjan's algorithm (the simple version, with path compression: O(E log V)) over int arrays, the
/// objects numbered in depth-first order from a virtual vertex that references every root. The simpler iterative
/// algorithms turn quadratic on ordinary heaps, for example on a long LinkedList whose every node references the
/// list. Objects no root reaches (a walk cut short) hang from the virtual vertex too. An object without references
/// that one other object references (most strings and arrays of numbers) is dominated by that object and dominates
/// nothing: it is settled during the depth-first walk and left out of the rest, which then works on a fraction of
/// the heap.
/// </remarks>
internal sealed class DominatorTree
{
    private readonly int[] _numbers;
    private readonly int[] _objects;
    private readonly int[] _dominators;
    private readonly long[] _retained;
    private readonly ChunkedList<long> _sizes;

    /// <param name="numbers">By object: its depth-first number, or for an owned leaf -2 minus its owner.</param>
    /// <param name="objects">By number: the object.</param>
    /// <param name="dominators">By number: the number of the immediate dominator, 0 for the virtual vertex.</param>
    /// <param name="retained">By number: the retained size.</param>
    private DominatorTree(int[] numbers, int[] objects, int[] dominators, long[] retained, ChunkedList<long> sizes)
    {
        _numbers = numbers;
        _objects = objects;
        _dominators = dominators;
        _retained = retained;
        _sizes = sizes;
    }

    public static DominatorTree Compute(HeapGraph graph) => new LengauerTarjan(graph).Run();

    /// <summary>The immediate dominator of an object; -1 for an object that no single object dominates.</summary>
    public int ImmediateDominator(int obj)
    {
        var number = _numbers[obj];
        return number < 0 ? -2 - number : _dominators[number] == 0 ? -1 : _objects[_dominators[number]];
    }

    /// <summary>An object's size plus the sizes of the objects it dominates.</summary>
    public long RetainedBytes(int obj)
    {
        var number = _numbers[obj];
        return number < 0 ? _sizes[obj] : _retained[number];
    }

    /// <summary>
    /// One computation. Arrays named by number are indexed by depth-first number (0 for the virtual vertex, then
    /// 1..M for the objects that take part); the others by object.
    /// </summary>
    private sealed class LengauerTarjan
    {
        private const byte Rooted = 1;
        private const byte OwnedLeaf = 2;

        private readonly HeapGraph _graph;

        /// <summary>By object: <see cref="Rooted"/> (referenced by the virtual vertex), or <see cref="OwnedLeaf"/>.</summary>
        private readonly byte[] _kinds;

        /// <summary>By object: its number; 0 before it has one; for an owned leaf, -2 minus its owner once reached.</summary>
        private readonly int[] _numbers;

        private int[] _path = new int[64];
        private int[] _cursors = new int[64];

        // By number.
        private int[] _objects = [];

        /// <summary>
        /// A vertex's parent in the depth-first tree until it is linked into the forest of processed vertices, its
        /// ancestor in that forest after. Vertices are processed and linked in decreasing number, so a vertex is
        /// linked when its number is at least the current threshold, and needs no array of its own to say so.
        /// </summary>
        private int[] _ancestors = [];

        private int[] _labels = [];
        private int[] _semis = [];

        /// <summary>By number: the object's size, and its owned leaves'; then its retained size.</summary>
        private long[] _retained = [];

        public LengauerTarjan(HeapGraph graph)
        {
            _graph = graph;
            _kinds = new byte[graph.ObjectCount];
            _numbers = new int[graph.ObjectCount];
        }

        public DominatorTree Run()
        {
            var (predecessorStarts, predecessors, vertices) = Predecessors();
            _objects = new int[vertices];
            _ancestors = new int[vertices];
            _retained = new long[vertices];
            NumberDepthFirst();
            var dominators = Dominators(predecessorStarts, predecessors);
            return Finish(dominators);
        }

        /// <summary>
        /// Marks the rooted objects and the owned leaves, and gathers the referencing objects of every other object in
        /// compressed rows; also counts the vertices (the virtual one and the objects that are not owned leaves).
        /// </summary>
        private (int[] Starts, int[] Predecessors, int Vertices) Predecessors()
        {
            var count = _graph.ObjectCount;
            foreach (var root in _graph.Roots)
            {
                foreach (var obj in root.Objects)
                {
                    _kinds[obj] = Rooted;
                }
            }

            // Counted into starts[t], then summed so that starts[t] is where t's row ends, then filled backwards so
            // that it is where the row starts.
            var starts = new int[count + 1];
            foreach (var target in _graph.References.AsSpan(0, _graph.ReferenceCount))
            {
                starts[target]++;
            }

            var leaves = 0;
            var end = 0;
            for (var obj = 0; obj < count; obj++)
            {
                var referrers = starts[obj];
                if (referrers == 1 && _kinds[obj] != Rooted && _graph.ReferenceStarts[obj + 1] == _graph.ReferenceStarts[obj])
                {
                    _kinds[obj] = OwnedLeaf;
                    referrers = 0;
                    leaves++;
                }

                end += referrers;
                starts[obj] = end;
            }

            starts[count] = end;
            var predecessors = new int[starts[count]];
            for (var obj = count - 1; obj >= 0; obj--)
            {
                foreach (var target in _graph.ReferencesOf(obj))
                {
                    if (_kinds[target] != OwnedLeaf)
                    {
                        predecessors[--starts[target]] = obj;
                    }
                }
            }

            return (starts, predecessors, count - leaves + 1);
        }

        /// <summary>
        /// Numbers the objects in depth-first order from the roots, then from each object not reached yet, which
        /// becomes rooted. An owned leaf gets no number: its owner dominates it and retains its size.
        /// </summary>
        private void NumberDepthFirst()
        {
            var next = 1;
            foreach (var root in _graph.Roots)
            {
                foreach (var obj in root.Objects)
                {
                    if (_numbers[obj] == 0)
                    {
                        next = Visit(obj, next);
                    }
                }
            }

            for (var obj = 0; obj < _graph.ObjectCount; obj++)
            {
                if (_numbers[obj] == 0 && _kinds[obj] != OwnedLeaf)
                {
                    _kinds[obj] = Rooted;
                    next = Visit(obj, next);
                }
            }
        }

        /// <summary>Numbers the objects reachable from <paramref name="start"/> that have no number yet.</summary>
        private int Visit(int start, int next)
        {
            var starts = _graph.ReferenceStarts;
            var references = _graph.References;
            Number(start, 0, next++);
            _path[0] = start;
            _cursors[0] = starts[start];
            var depth = 1;
            while (depth > 0)
            {
                var top = _path[depth - 1];
                var cursor = _cursors[depth - 1];
                if (cursor == starts[top + 1])
                {
                    depth--;
                    continue;
                }

                _cursors[depth - 1] = cursor + 1;
                var child = references[cursor];
                if (_numbers[child] != 0)
                {
                    continue;
                }

                if (_kinds[child] == OwnedLeaf)
                {
                    _numbers[child] = -2 - top;
                    _retained[_numbers[top]] += _graph.Sizes[child];
                    continue;
                }

                Number(child, _numbers[top], next++);
                if (depth == _path.Length)
                {
                    Array.Resize(ref _path, depth * 2);
                    Array.Resize(ref _cursors, depth * 2);
                }

                _path[depth] = child;
                _cursors[depth] = starts[child];
                depth++;
            }

            return next;
        }

        private void Number(int obj, int parent, int number)
        {
            _numbers[obj] = number;
            _objects[number] = obj;
            _ancestors[number] = parent;
            _retained[number] += _graph.Sizes[obj];
        }

        /// <summary>
        /// The immediate dominator of each vertex, by number. A vertex waits in the bucket of its semidominator, a
        /// list threaded through the dominators array itself, until it can be settled.
        /// </summary>
        private int[] Dominators(int[] predecessorStarts, int[] predecessors)
        {
            var vertices = _objects.Length;
            _labels = new int[vertices];
            _semis = new int[vertices];
            var dominators = new int[vertices];
            var bucketHeads = new int[vertices];
            Array.Fill(bucketHeads, -1);
            for (var v = 0; v < vertices; v++)
            {
                _labels[v] = v;
                _semis[v] = v;
            }

            for (var w = vertices - 1; w > 0; w--)
            {
                var obj = _objects[w];
                var semi = _kinds[obj] == Rooted ? 0 : w;
                for (var p = predecessorStarts[obj]; p < predecessorStarts[obj + 1] && semi > 0; p++)
                {
                    semi = Math.Min(semi, _semis[Evaluate(_numbers[predecessors[p]], linkedFrom: w + 1)]);
                }

                _semis[w] = semi;
                dominators[w] = bucketHeads[semi];
                bucketHeads[semi] = w;

                // w is linked now: its ancestor is its parent.
                var parent = _ancestors[w];
                for (var v = bucketHeads[parent]; v >= 0;)
                {
                    var next = dominators[v];
                    var u = Evaluate(v, linkedFrom: w);
                    dominators[v] = _semis[u] < _semis[v] ? u : parent;
                    v = next;
                }

                bucketHeads[parent] = -1;
            }

            for (var w = 1; w < vertices; w++)
            {
                if (dominators[w] != _semis[w])
                {
                    dominators[w] = dominators[dominators[w]];
                }
            }

            return dominators;
        }

        /// <summary>
        /// The vertex of least semidominator on the forest path above <paramref name="v"/>, compressing that path;
        /// the vertices numbered <paramref name="linkedFrom"/> and up are the linked ones.
        /// </summary>
        private int Evaluate(int v, int linkedFrom)
        {
            if (v < linkedFrom)
            {
                return v;
            }

            var depth = 0;
            for (var x = v; _ancestors[x] >= linkedFrom; x = _ancestors[x])
            {
                if (depth == _path.Length)
                {
                    Array.Resize(ref _path, depth * 2);
                }

                _path[depth++] = x;
            }

            while (depth > 0)
            {
                var y = _path[--depth];
                var ancestor = _ancestors[y];
                if (_semis[_labels[ancestor]] < _semis[_labels[y]])
                {
                    _labels[y] = _labels[ancestor];
                }

                _ancestors[y] = _ancestors[ancestor];
            }

            return _labels[v];
        }

        /// <summary>Adds each vertex's retained size to its dominator's, deepest first.</summary>
        private DominatorTree Finish(int[] dominators)
        {
            for (var w = dominators.Length - 1; w > 0; w--)
            {
                if (dominators[w] > 0)
                {
                    _retained[dominators[w]] += _retained[w];
                }
            }

            return new DominatorTree(_numbers, _objects, dominators, _retained, _graph.Sizes);
        }
    }
}
