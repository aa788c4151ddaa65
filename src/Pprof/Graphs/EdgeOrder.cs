namespace Pprof.Graphs;

/// <summary>The order pprof lists edges in: heaviest first, then by caller and callee name.</summary>
internal static class EdgeOrder
{
    public static List<Edge> Sort(IEnumerable<Edge> edges)
    {
        var list = edges.ToList();
        list.Sort((a, b) =>
        {
            if (a.Weight != b.Weight)
            {
                var byWeight = LongMath.Abs(b.Weight).CompareTo(LongMath.Abs(a.Weight));
                if (byWeight != 0)
                {
                    return byWeight;
                }
            }

            var bySource = string.CompareOrdinal(a.Source.PrintableName, b.Source.PrintableName);
            return bySource != 0 ? bySource : string.CompareOrdinal(a.Destination.PrintableName, b.Destination.PrintableName);
        });
        return list;
    }
}
