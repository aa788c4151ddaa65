using System.Globalization;

namespace Pprof.Leaks;

/// <summary>
/// Where a leak's memory accumulates, found as Eclipse MAT's leak suspects find it: walk down the retention paths
/// from the root while one child holds at least a set share of the growth, then name the last few objects on that
/// walk that hold the many below them ("accumulated in one Dictionary&lt;Int64, Order&gt; under static s_orders").
/// </summary>
public static class Accumulation
{
    /// <summary>Fewer objects than this at a hop make it a holder ("one Dictionary"), not the accumulated mass.</summary>
    private const long HolderCount = 10;

    /// <param name="keys">The path keys to walk (those of the leak's root, or those ending in the leaking type).</param>
    /// <param name="growth">Each path key's growth.</param>
    /// <param name="ownCount">Each path key's objects at the last sample.</param>
    /// <param name="totalGrowth">What the share is a share of.</param>
    public static string? Describe(
        IReadOnlyList<string> keys, Func<string, double> growth, Func<string, double> ownCount, double totalGrowth, double share)
    {
        var chain = GrowthWalk.Walk([.. keys.Select(k => (k.Split(RetentionPathName.KeySeparator), growth(k)))], share)
            .Select(step => (Prefix: string.Join(RetentionPathName.KeySeparator, step.Frames), step.Frame, step.Growth))
            .ToList();
        if (chain.Count == 0 || totalGrowth <= 0)
        {
            return null;
        }

        var root = chain[0].Frame;
        var percent = Math.Min(100, Math.Round(100 * chain[^1].Growth / totalGrowth)).ToString(CultureInfo.InvariantCulture);
        // The few objects that hold the mass: the first of the last run of them above it (a Dictionary rather
        // than its entries array).
        var last = chain.FindLastIndex(c => IsHolder(c.Prefix));
        if (last < 1)
        {
            return $"accumulated under {root} ({percent} % of the growth)";
        }

        var first = last;
        while (first > 1 && IsHolder(chain[first - 1].Prefix))
        {
            first--;
        }

        var holder = chain[first];

        var count = ownCount(holder.Prefix);
        var quantity = count == 1 ? "one" : count.ToString(CultureInfo.InvariantCulture);
        var holderPercent = Math.Min(100, Math.Round(100 * holder.Growth / totalGrowth)).ToString(CultureInfo.InvariantCulture);
        return $"accumulated in {quantity} {holder.Frame.Replace(" ×", "", StringComparison.Ordinal)} under {root} ({holderPercent} % of the growth)";

        bool IsHolder(string prefix) => ownCount(prefix) is > 0 and < HolderCount;
    }
}
