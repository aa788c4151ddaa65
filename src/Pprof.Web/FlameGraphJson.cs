using System.Text.Json;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The flame graph's call tree as the page draws it: the widest frames of a subtree up to a node budget, the rest of
/// each frame's callees summed into one "other" box, so that the page stays small whatever the profile's size; the
/// page asks for the subtree of a frame it zooms into when that frame's part was cut. Frames are listed parents first,
/// each as <c>[name, parent, value, self]</c> with names in a shared table; <c>ids</c> gives each frame's number in
/// the call tree (-1 for an "other" box), which names it in a zoom URL and a request for its subtree, and <c>path</c>
/// the subtree's callers from the root down, as <c>[name, id, value, self]</c>.
/// </summary>
internal static class FlameGraphJson
{
    public const int NodeBudget = 16_000;

    /// <param name="id">The frame whose subtree is drawn (<see cref="CallTreeTable.Id"/>).</param>
    /// <param name="budget">How many of the tree's frames are drawn.</param>
    /// <exception cref="BadQueryException">There is no frame <paramref name="id"/>.</exception>
    public static byte[] Write(CallTreeTable tree, long id, ReportSummary summary, int budget = NodeBudget)
    {
        var node = tree.NodeOf(id);
        if (node < 0)
        {
            throw NoSuchFrame(id, tree.IsPartial ? null : tree.Count);
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = tree.Widest(node, budget);
        var index = new Dictionary<int, int>(kept.Count);
        var keptCallees = new int[kept.Count];
        for (var i = 0; i < kept.Count; i++)
        {
            index.Add(kept[i], i);
            if (i > 0)
            {
                keptCallees[index[tree.Parent(kept[i])]]++;
            }
        }

        return ViewJson.Write(summary, json =>
        {
            json.WriteNumber("total", tree.Value(0));
            json.WriteNumber("profileTotal", summary.Total);
            json.WriteString("profileTotalText", summary.TotalText);
            json.WriteStartArray("frames");
            for (var i = 0; i < kept.Count; i++)
            {
                WriteFrame(json, WidestFrames.NameId(names, tree.Name(kept[i])), i == 0 ? -1 : index[tree.Parent(kept[i])], tree.Value(kept[i]), tree.Self(kept[i]));
            }

            var others = 0;
            for (var i = 0; i < kept.Count; i++)
            {
                if (tree.LeavesOut(kept[i], keptCallees[i]))
                {
                    var other = tree.LeftOut(kept[i], keptCallees[i]);
                    WriteFrame(json, WidestFrames.NameId(names, CallTreeTable.OtherName), i, other, other);
                    others++;
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("ids");
            foreach (var frame in kept)
            {
                json.WriteNumberValue(tree.Id(frame));
            }

            for (var i = 0; i < others; i++)
            {
                json.WriteNumberValue(-1);
            }

            json.WriteEndArray();
            json.WriteStartArray("path");
            var path = new List<int>();
            for (var up = tree.Parent(node); up >= 0; up = tree.Parent(up))
            {
                path.Add(up);
            }

            for (var i = path.Count - 1; i >= 0; i--)
            {
                WriteFrame(json, WidestFrames.NameId(names, tree.Name(path[i])), tree.Id(path[i]), tree.Value(path[i]), tree.Self(path[i]));
            }

            json.WriteEndArray();
            ViewJson.WriteStrings(json, "names", names.OrderBy(n => n.Value).Select(n => n.Key));
        });
    }

    /// <summary>
    /// A tree read as it is drawn (the sandwich's callers and callees, the diff's sides): its widest frames up to the
    /// budget, the rest of each frame's callees in one "other" box. Without <c>ids</c>: such a tree is not zoomed into by number.
    /// </summary>
    public static byte[] Write(IFlameFrame root, TopTable top, int budget = NodeBudget) => ViewJson.Write(top, json => WriteContent(json, root, top.Summary, Widest(root, budget)));

    /// <summary>
    /// The frames <see cref="Write(IFlameFrame, TopTable, int)"/> draws of a tree, picked apart from writing them, so
    /// that several trees' are picked at once (the diff's three).
    /// </summary>
    public static (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) Widest(IFlameFrame root, int budget) =>
        WidestFrames.Of(root, budget, f => f.Callees, f => f.Name, f => (f.Value, f.Self), f => (f.Value, f.Value), f => f.Width, f => (f.Unlisted, f.Unlisted));

    /// <summary>As <see cref="Write(IFlameFrame, TopTable, int)"/>, an object written in place inside another answer, of the frames <see cref="Widest"/> picked.</summary>
    public static void WriteObject(
        Utf8JsonWriter json, IFlameFrame root, ReportSummary top, (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) widest) =>
        ViewJson.WriteObject(json, top, content => WriteContent(content, root, top, widest));

    private static void WriteContent(
        Utf8JsonWriter json, IFlameFrame root, ReportSummary top, (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) widest)
    {
        json.WriteNumber("total", root.Value);
        json.WriteNumber("profileTotal", top.Total);
        json.WriteString("profileTotalText", top.TotalText);
        json.WriteStartArray("frames");
        foreach (var (name, parent, value, self) in widest.Frames)
        {
            WriteFrame(json, name, parent, value, self);
        }

        json.WriteEndArray();
        ViewJson.WriteStrings(json, "names", widest.Names);
    }

    /// <param name="frames">How many frames the tree has, when it holds them all.</param>
    public static BadQueryException NoSuchFrame(long id, int? frames) =>
        new($"node={id}: the flame graph has no such frame{(frames is { } count ? $" (it has {count})" : "")}: zoom out and click the frame again");

    private static void WriteFrame(Utf8JsonWriter json, int name, long parent, long value, long self)
    {
        json.WriteStartArray();
        json.WriteNumberValue(name);
        json.WriteNumberValue(parent);
        json.WriteNumberValue(value);
        json.WriteNumberValue(self);
        json.WriteEndArray();
    }
}
