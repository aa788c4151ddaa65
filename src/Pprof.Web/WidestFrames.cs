namespace Pprof.Web;

/// <summary>
/// The frames of a tree read as the pages draw it: the widest up to a budget, parents first, the rest of each frame's
/// callees summed into one "(other)" frame; names in a shared table, each frame <c>[name, parent, a, b]</c>.
/// </summary>
internal static class WidestFrames
{
    /// <param name="children">A frame's callees, widest first: only the kept frames' are asked for.</param>
    /// <param name="values">A frame's two numbers as the page reads them (value and self; base and new).</param>
    /// <param name="leftOut">What a frame left out adds to its caller's "(other)" frame.</param>
    /// <param name="width">Wider frames are kept first.</param>
    /// <param name="unlisted">What the callees that <paramref name="children"/> does not list add to a frame's "(other)" frame.</param>
    public static (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) Of<T>(
        T root, int budget, Func<T, IReadOnlyList<T>> children, Func<T, string> name, Func<T, (long A, long B)> values,
        Func<T, (long A, long B)> leftOut, Func<T, long> width, Func<T, (long A, long B)>? unlisted = null)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<(int Name, int Parent, long A, long B)>();
        // By kept frame: itself, its callees, and how many of them were kept (always the first ones, as they are widest first).
        var callees = new List<(T Frame, IReadOnlyList<T> Callees, int Kept)>();
        // A callee is a candidate only once its wider sibling is kept, so the queue stays as small as what is kept.
        var candidates = new PriorityQueue<(T Frame, int Parent), (long Width, int Order)>(WiderFirst.Instance);
        var order = 0;
        candidates.Enqueue((root, -1), (width(root), order++));
        while (frames.Count < budget && candidates.TryDequeue(out var candidate, out _))
        {
            var id = frames.Count;
            var (valueA, valueB) = values(candidate.Frame);
            frames.Add((NameId(names, name(candidate.Frame)), candidate.Parent, valueA, valueB));
            callees.Add((candidate.Frame, children(candidate.Frame), 0));
            if (candidate.Parent >= 0)
            {
                var (parent, siblings, kept) = callees[candidate.Parent];
                callees[candidate.Parent] = (parent, siblings, ++kept);
                if (kept < siblings.Count)
                {
                    candidates.Enqueue((siblings[kept], candidate.Parent), (width(siblings[kept]), order++));
                }
            }

            if (callees[id].Callees is [var widest, ..])
            {
                candidates.Enqueue((widest, id), (width(widest), order++));
            }
        }

        for (var parent = 0; parent < callees.Count; parent++)
        {
            var (frame, all, kept) = callees[parent];
            var (a, b) = unlisted?.Invoke(frame) ?? (0, 0);
            if (kept == all.Count && (a, b) == (0, 0))
            {
                continue;
            }

            for (var i = kept; i < all.Count; i++)
            {
                var (addA, addB) = leftOut(all[i]);
                (a, b) = (a + addA, b + addB);
            }

            frames.Add((NameId(names, Pprof.Reports.CallTreeTable.OtherName), parent, a, b));
        }

        return ([.. names.OrderBy(n => n.Value).Select(n => n.Key)], frames);
    }

    public static int NameId(Dictionary<string, int> names, string name)
    {
        if (!names.TryGetValue(name, out var id))
        {
            id = names.Count;
            names.Add(name, id);
        }

        return id;
    }

    /// <summary>Wider first; of equal widths, the one reached first.</summary>
    private sealed class WiderFirst : IComparer<(long Width, int Order)>
    {
        public static readonly WiderFirst Instance = new();

        public int Compare((long Width, int Order) x, (long Width, int Order) y)
        {
            var byWidth = y.Width.CompareTo(x.Width);
            return byWidth != 0 ? byWidth : x.Order.CompareTo(y.Order);
        }
    }
}
