using System.Globalization;

namespace Pprof.Leaks;

/// <summary>
/// The "accumulated in" line of a LEAK row by allocation site or by stack: where a developer would fix it. For a site,
/// Eclipse MAT's walk over the site's callers (from the site outwards, while one caller holds at least a set share of
/// the growth) names the first of the program's own functions on the way, and the allocated type when one holds that
/// share; for a stack, the function its threads or goroutines started in and what they are blocked in.
/// </summary>
public static class CallAccumulation
{
    /// <returns>The line, and the callers the walk went through, innermost first.</returns>
    public static (string Line, IReadOnlyList<string> Callers) Site(string site, SiteOrigins first, SiteOrigins last, double totalGrowth, double share)
    {
        var chains = last.Chains
            .Select(chain => ((string[])[site, .. chain.Value.Callers], chain.Value.Bytes - (first.Chains.TryGetValue(chain.Key, out var before) ? before.Bytes : 0)))
            .ToList();
        var steps = GrowthWalk.Walk(chains, share);
        string[] callers = [.. steps.Skip(1).Select(s => s.Frame)];
        if (steps.Count == 0)
        {
            return ($"accumulated in {site}, called from several places", callers);
        }

        var own = Array.FindIndex(callers, f => !LibraryFrames.IsLibrary(f));
        var (where, held) = callers.Length == 0 ? ($"{site}, called from several places", steps[0].Growth)
            : !LibraryFrames.IsLibrary(site) ? ($"{site} called from {callers[0]}", steps[1].Growth)
            : own < 0 ? ($"{site} called from {callers[^1]}", steps[^1].Growth)
            : ($"{site} called from {callers[own]}{(own > 0 ? $" via {callers[own - 1]}" : "")}", steps[own + 1].Growth);
        return ($"accumulated in {MostlyOf(first, last, steps[0].Growth, share)}{where} ({Percent(held, totalGrowth)} % of the growth)", callers);
    }

    /// <summary>"Order objects from ", when one allocated type holds the share of the site's growth (.NET's type label).</summary>
    private static string MostlyOf(SiteOrigins first, SiteOrigins last, double siteGrowth, double share)
    {
        var top = last.Types
            .Select(t => (Type: t.Key, Growth: t.Value - first.Types.GetValueOrDefault(t.Key)))
            .OrderByDescending(t => t.Growth).ThenBy(t => t.Type, StringComparer.Ordinal)
            .FirstOrDefault();
        return top.Type is not null && siteGrowth > 0 && top.Growth >= share * siteGrowth ? $"{top.Type} objects from " : "";
    }

    /// <param name="key">The stack, innermost frame first.</param>
    /// <param name="name">The stack's name: its innermost frame outside the runtime.</param>
    public static string Stack(string key, string name, double growth, double totalGrowth)
    {
        var frames = key.Split(RetentionPathName.KeySeparator);
        var at = Array.IndexOf(frames, name);
        var entry = frames.LastOrDefault(f => !ProfileDigester.IsRuntime(f)) ?? name;
        var started = entry == name ? $"started at {entry}" : $"started at {entry} that wait in {name}";
        var blocked = at > 0 ? $", blocked in {frames[at - 1]}" : "";
        return $"accumulated in threads or goroutines {started}{blocked} ({Percent(growth, totalGrowth)} % of the growth)";
    }

    private static string Percent(double part, double whole) =>
        whole <= 0 ? "100" : Math.Clamp(Math.Round(100 * part / whole), 0, 100).ToString(CultureInfo.InvariantCulture);
}
