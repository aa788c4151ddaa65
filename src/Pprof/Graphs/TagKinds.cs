namespace Pprof.Graphs;

/// <summary>
/// What a tag of a node stands for: a sample's string labels joined into a group (<see cref="Numeric"/> false, the
/// group its name), or a formatted <c>bytes</c> label within the group of the sample's string labels.
/// </summary>
internal readonly record struct TagKind(string Group, string Name, bool Numeric, string Unit);

/// <summary>
/// The tag kinds met while a graph is built, each numbered once for all the threads that add samples, so that their
/// sums can be keyed by (node, kind) numbers and merged.
/// </summary>
internal sealed class TagKinds
{
    private readonly Lock _lock = new();
    private readonly List<TagKind> _kinds = [];
    private readonly Dictionary<TagKind, int> _ids = [];

    /// <summary>Read once all threads are done.</summary>
    public TagKind this[int id] => _kinds[id];

    public int Id(TagKind kind)
    {
        lock (_lock)
        {
            if (!_ids.TryGetValue(kind, out var id))
            {
                id = _kinds.Count;
                _kinds.Add(kind);
                _ids[kind] = id;
            }

            return id;
        }
    }
}
