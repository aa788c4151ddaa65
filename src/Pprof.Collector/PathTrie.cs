namespace Pprof.Collector;

/// <summary>
/// Retention paths shared as a trie: a path is its parent path plus one frame (a root or a type), so that the many
/// objects held the same way share one path and one sample.
/// </summary>
internal sealed class PathTrie
{
    /// <summary>Paths by parent path (high half) and frame (low half).</summary>
    private readonly Dictionary<long, int> _children = [];
    private readonly List<(int Parent, int Frame, int Depth)> _paths = [];

    public int Count => _paths.Count;

    /// <summary>The path made of <paramref name="parent"/> (-1 for none) and then <paramref name="frame"/>.</summary>
    public int Child(int parent, int frame)
    {
        var key = ((long)parent << 32) | (uint)frame;
        if (!_children.TryGetValue(key, out var path))
        {
            path = _paths.Count;
            _paths.Add((parent, frame, parent < 0 ? 1 : Depth(parent) + 1));
            _children[key] = path;
        }

        return path;
    }

    public int Frame(int path) => _paths[path].Frame;

    /// <summary>The path without its last frame; -1 for a path of one frame.</summary>
    public int Parent(int path) => _paths[path].Parent;

    public int Depth(int path) => _paths[path].Depth;

    /// <summary>The frames of a path, last added (the leaf) first.</summary>
    public IEnumerable<int> Frames(int path)
    {
        for (; path >= 0; path = _paths[path].Parent)
        {
            yield return _paths[path].Frame;
        }
    }
}
