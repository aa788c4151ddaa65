using System.Text.Json;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The base's and the new profile's call trees laid over each other: one frame per path in either, with its value in
/// each. A frame's width in the picture is the sum of both, so that what vanished shows as well as what appeared.
/// </summary>
internal sealed class DiffTree
{
    private readonly Dictionary<string, DiffTree> _children = new(StringComparer.Ordinal);

    private DiffTree(string name) => Name = name;

    public string Name { get; }

    public long Base { get; private set; }

    public long New { get; private set; }

    public long Width => Math.Abs(Base) + Math.Abs(New);

    public IEnumerable<DiffTree> Children => _children.Values;

    public static DiffTree Of(CallTreeNode baseRoot, CallTreeNode newRoot)
    {
        var root = new DiffTree(newRoot.Name);
        root.Add(baseRoot, isBase: true);
        root.Add(newRoot, isBase: false);
        return root;
    }

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
            frames.Add((NameId(names, FlameGraphJson.OtherName), parent, otherBase, otherNew));
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

    private void Add(CallTreeNode node, bool isBase)
    {
        if (isBase)
        {
            Base += node.Value;
        }
        else
        {
            New += node.Value;
        }

        foreach (var child in node.Children)
        {
            if (!_children.TryGetValue(child.Name, out var tree))
            {
                _children[child.Name] = tree = new DiffTree(child.Name);
            }

            tree.Add(child, isBase);
        }
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
