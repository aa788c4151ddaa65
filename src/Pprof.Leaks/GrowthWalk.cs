namespace Pprof.Leaks;

/// <summary>
/// Eclipse MAT's leak-suspect walk over chains of frames (retention paths, callers): from the first frame on, follow
/// the child that holds the most of the growth while it holds at least a set share of what its parent holds.
/// </summary>
public static class GrowthWalk
{
    /// <summary>One step of the walk: the frame, the chain's frames up to it, and the growth below it.</summary>
    public readonly record struct Step(string Frame, string[] Frames, double Growth);

    /// <param name="chains">Each chain's frames, first to last, and its growth; chains that did not grow are left out.</param>
    /// <param name="share">The share of its parent's growth a child holds for the walk to go on.</param>
    public static List<Step> Walk(IReadOnlyList<(string[] Frames, double Growth)> chains, double share)
    {
        var current = chains.Where(c => c.Growth > 0).ToList();
        var held = current.Sum(c => c.Growth);
        var steps = new List<Step>();
        for (var depth = 0; held > 0; depth++)
        {
            var next = current.Where(c => c.Frames.Length > depth)
                .GroupBy(c => c.Frames[depth], StringComparer.Ordinal)
                .Select(g => (Frame: g.Key, Chains: g.ToList(), Growth: g.Sum(c => c.Growth)))
                .OrderByDescending(c => c.Growth).ThenBy(c => c.Frame, StringComparer.Ordinal)
                .FirstOrDefault();
            if (next.Chains is null || next.Growth < share * held)
            {
                break;
            }

            steps.Add(new Step(next.Frame, next.Chains[0].Frames[..(depth + 1)], next.Growth));
            (current, held) = (next.Chains, next.Growth);
        }

        return steps;
    }
}
