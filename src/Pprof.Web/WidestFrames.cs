namespace Pprof.Web;

/// <summary>
/// The frames of a tree made in memory as the pages draw them: the widest up to a budget, parents first, the rest of
/// each frame's callees summed into one "(other)" frame; names in a shared table, each frame <c>[name, parent, a, b]</c>.
/// </summary>
internal static class WidestFrames
{
    /// <param name="values">A frame's two numbers as the page reads them (value and self; base and new).</param>
    /// <param name="leftOut">What a frame left out adds to its caller's "(other)" frame.</param>
    /// <param name="width">Wider frames are kept first.</param>
    public static (IReadOnlyList<string> Names, List<(int Name, int Parent, long A, long B)> Frames) Of<T>(
        T root, int budget, Func<T, IEnumerable<T>> children, Func<T, string> name, Func<T, (long A, long B)> values,
        Func<T, (long A, long B)> leftOut, Func<T, long> width)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<(int Name, int Parent, long A, long B)>();
        var others = new SortedDictionary<int, (long A, long B)>();
        var queue = new PriorityQueue<(T Frame, int Parent), long>();
        queue.Enqueue((root, -1), 0);
        while (queue.TryDequeue(out var item, out _))
        {
            if (frames.Count >= budget)
            {
                var (a, b) = others.GetValueOrDefault(item.Parent);
                var (addA, addB) = leftOut(item.Frame);
                others[item.Parent] = (a + addA, b + addB);
                continue;
            }

            var id = frames.Count;
            var (valueA, valueB) = values(item.Frame);
            frames.Add((NameId(names, name(item.Frame)), item.Parent, valueA, valueB));
            foreach (var child in children(item.Frame))
            {
                queue.Enqueue((child, id), -width(child));
            }
        }

        foreach (var (parent, (a, b)) in others)
        {
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
}
