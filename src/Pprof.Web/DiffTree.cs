using System.Text.Json;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees laid over each other: one frame per path in either, with its value in
/// each. A frame's width in the picture is the sum of both, so that what vanished shows as well as what appeared.
/// Frames are paired as they are reached, so that writing the widest few costs nothing for the rest of the trees.
/// </summary>
internal sealed class DiffTree
{
    private readonly CallTreeNode? _base;
    private readonly CallTreeNode? _new;

    private DiffTree(string name, CallTreeNode? baseNode, CallTreeNode? newNode)
    {
        Name = name;
        _base = baseNode;
        _new = newNode;
    }

    public string Name { get; }

    public long Base => _base?.Value ?? 0;

    public long New => _new?.Value ?? 0;

    public long Width => Math.Abs(Base) + Math.Abs(New);

    /// <summary>The callees in either tree, those of the new one first; a tree's callees have distinct names.</summary>
    public IEnumerable<DiffTree> Children
    {
        get
        {
            var baseCallees = _base?.Children.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
            foreach (var callee in _new?.Children ?? [])
            {
                yield return new DiffTree(callee.Name, baseCallees.Remove(callee.Name, out var before) ? before : null, callee);
            }

            foreach (var callee in _base?.Children ?? [])
            {
                if (baseCallees.ContainsKey(callee.Name))
                {
                    yield return new DiffTree(callee.Name, callee, null);
                }
            }
        }
    }

    public static DiffTree Of(CallTreeNode baseRoot, CallTreeNode newRoot) => new(newRoot.Name, baseRoot, newRoot);

    /// <summary>
    /// The frames as <c>[name, parent, base, new]</c>, parents first: the widest up to <paramref name="budget"/>, the
    /// rest of each frame's callees summed into one <c>(other)</c> frame, as the flame graph's data does.
    /// </summary>
    public void WriteFrames(Utf8JsonWriter json, int budget)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<(int Name, int Parent, long Base, long New)>();
        var others = new SortedDictionary<int, (long Base, long New)>();
        var queue = new PriorityQueue<(DiffTree Tree, int Parent), long>();
        queue.Enqueue((this, -1), 0);
        while (queue.TryDequeue(out var item, out _))
        {
            if (frames.Count >= budget)
            {
                var (otherBase, otherNew) = others.GetValueOrDefault(item.Parent);
                others[item.Parent] = (otherBase + item.Tree.Base, otherNew + item.Tree.New);
                continue;
            }

            var id = frames.Count;
            frames.Add((NameId(names, item.Tree.Name), item.Parent, item.Tree.Base, item.Tree.New));
            foreach (var child in item.Tree.Children)
            {
                queue.Enqueue((child, id), -child.Width);
            }
        }

        foreach (var (parent, (otherBase, otherNew)) in others)
        {
            frames.Add((NameId(names, CallTreeTable.OtherName), parent, otherBase, otherNew));
        }

        ViewJson.WriteStrings(json, "names", names.OrderBy(n => n.Value).Select(n => n.Key));
        json.WriteStartArray("frames");
        foreach (var frame in frames)
        {
            json.WriteStartArray();
            json.WriteNumberValue(frame.Name);
            json.WriteNumberValue(frame.Parent);
            json.WriteNumberValue(frame.Base);
            json.WriteNumberValue(frame.New);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static int NameId(Dictionary<string, int> names, string name)
    {
        if (!names.TryGetValue(name, out var id))
        {
            id = names.Count;
            names.Add(name, id);
        }

        return id;
    }
}
