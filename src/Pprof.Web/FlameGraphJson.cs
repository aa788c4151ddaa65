using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The flame graph's call tree as the page draws it: the widest frames up to a node budget, the rest of each frame's
/// callees summed into one "other" box, so that the page stays small whatever the profile's size. Frames are listed
/// parents first, each as <c>[name, parent, value, self]</c> with names in a shared table.
/// </summary>
internal static class FlameGraphJson
{
    public const int NodeBudget = 16_000;
    public const string OtherName = "(other)";

    public static byte[] Write(CallTreeNode root, TopTable top)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<(int Name, int Parent, long Value, long Self)>();
        var queue = new PriorityQueue<(CallTreeNode Node, int Parent), long>();
        queue.Enqueue((root, -1), 0);
        var left = new Dictionary<int, (long Value, long Self)>();
        while (queue.TryDequeue(out var item, out _))
        {
            if (frames.Count >= NodeBudget)
            {
                var (value, self) = left.GetValueOrDefault(item.Parent);
                left[item.Parent] = (value + item.Node.Value, self + item.Node.Value);
                continue;
            }

            var id = frames.Count;
            frames.Add((NameId(names, item.Node.Name), item.Parent, item.Node.Value, item.Node.Self));
            foreach (var child in item.Node.Children)
            {
                queue.Enqueue((child, id), -Math.Abs(child.Value));
            }
        }

        foreach (var (parent, (value, self)) in left.OrderBy(p => p.Key))
        {
            frames.Add((NameId(names, OtherName), parent, value, self));
        }

        return ViewJson.Write(top, json =>
        {
            json.WriteNumber("total", root.Value);
            json.WriteNumber("profileTotal", top.Total);
            json.WriteString("profileTotalText", top.TotalText);
            ViewJson.WriteStrings(json, "names", names.OrderBy(n => n.Value).Select(n => n.Key));
            json.WriteStartArray("frames");
            foreach (var frame in frames)
            {
                json.WriteStartArray();
                json.WriteNumberValue(frame.Name);
                json.WriteNumberValue(frame.Parent);
                json.WriteNumberValue(frame.Value);
                json.WriteNumberValue(frame.Self);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        });
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
