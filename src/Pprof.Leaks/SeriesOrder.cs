namespace Pprof.Leaks;

/// <summary>
/// Puts the profiles of one shape in time order. Each must carry its own time, all different, unless the caller
/// vouches for the order it gave (<c>-by_order</c>); then they are one minute apart.
/// </summary>
public static class SeriesOrder
{
    public static (ProfileDigest[] Ordered, double[] Minutes) Arrange(IReadOnlyList<ProfileDigest> digests, bool byOrder)
    {
        if (byOrder)
        {
            return ([.. digests], [.. Enumerable.Range(0, digests.Count).Select(i => (double)i)]);
        }

        if (digests.FirstOrDefault(d => d.TimeNanos == 0) is { } timeless)
        {
            throw new LeakInputException($"{timeless.Source}: the profile has no time (time_nanos): give the files in time order with -by_order");
        }

        var ordered = digests.OrderBy(d => d.TimeNanos).ThenBy(d => d.Source, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].TimeNanos == ordered[i - 1].TimeNanos)
            {
                throw new LeakInputException(
                    $"{ordered[i - 1].Source} and {ordered[i].Source} were taken at the same time: drop one, or give the files in time order with -by_order");
            }
        }

        var start = ordered.Length == 0 ? 0 : ordered[0].TimeNanos;
        return (ordered, [.. ordered.Select(d => (d.TimeNanos - start) / 60e9)]);
    }
}
