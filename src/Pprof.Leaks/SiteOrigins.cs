using Pprof.Profiles;

namespace Pprof.Leaks;

/// <summary>
/// What a profile says about one allocation site beyond its total: the callers' chains its bytes were allocated
/// through, the types allocated there (.NET's <c>type</c> label), and the sizes of the blocks it allocated (Go's
/// <c>bytes</c> label).
/// </summary>
public sealed class SiteOrigins
{
    private SiteOrigins(Dictionary<string, (string[] Callers, double Bytes)> chains, Dictionary<string, double> types, long[] blockSizes)
    {
        Chains = chains;
        Types = types;
        BlockSizes = blockSizes;
    }

    /// <summary>Live bytes by callers' chain (the site's callers, innermost first, joined), with the chain's frames.</summary>
    public IReadOnlyDictionary<string, (string[] Callers, double Bytes)> Chains { get; }

    /// <summary>Live bytes by allocated type (.NET's <c>type</c> label, short names); empty for Go's profiles.</summary>
    public IReadOnlyDictionary<string, double> Types { get; }

    /// <summary>The distinct sizes of the blocks the site allocated, freed or not, smallest first.</summary>
    public IReadOnlyList<long> BlockSizes { get; }

    public static SiteOrigins Of(Profile profile, string site)
    {
        var space = profile.SampleTypes.FindIndex(t => t.Type == "inuse_space");
        var allocated = profile.SampleTypes.FindIndex(t => t.Type == "alloc_objects");
        var chains = new Dictionary<string, (string[] Callers, double Bytes)>(StringComparer.Ordinal);
        var types = new Dictionary<string, double>(StringComparer.Ordinal);
        var blocks = new SortedSet<long>();
        var frames = new List<string>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var stack = cursor.Stack;
            if (stack.IsEmpty || !IsSite(profile.Locations[stack[0]], site))
            {
                continue;
            }

            frames.Clear();
            foreach (var location in stack)
            {
                frames.AddRange(profile.Locations[location].Lines.Select(l => l.Function?.Name ?? "<unknown>"));
            }

            var key = string.Join(RetentionPathName.KeySeparator, frames.Skip(1));
            var bytes = chains.TryGetValue(key, out var chain) ? chain.Bytes : 0;
            chains[key] = (chain.Callers ?? [.. frames.Skip(1)], bytes + cursor.Values[space]);
            if (ProfileDigester.TypeLabel(cursor.Labels) is { } type)
            {
                var name = DotnetTypeNames.Short(type);
                types[name] = types.GetValueOrDefault(name) + cursor.Values[space];
            }

            if ((allocated < 0 || cursor.Values[allocated] > 0) && BlockSize(cursor.Labels) is > 0 and var size)
            {
                blocks.Add(size);
            }
        }

        return new SiteOrigins(chains, types, [.. blocks]);
    }

    /// <summary>The longest run of block sizes each exactly twice the one before: how maps and slices grow.</summary>
    public IReadOnlyList<long> DoublingLadder()
    {
        var longest = new List<long>();
        foreach (var start in BlockSizes)
        {
            var ladder = new List<long> { start };
            while (BlockSizes.Contains(ladder[^1] * 2))
            {
                ladder.Add(ladder[^1] * 2);
            }

            if (ladder.Count > longest.Count)
            {
                longest = ladder;
            }
        }

        return longest;
    }

    private static bool IsSite(Location location, string site) =>
        ((location.Lines.Length > 0 ? location.Lines[0].Function?.Name : null) ?? "<unknown>") == site;

    private static long BlockSize(ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label.Key == "bytes" && label.IsNumeric)
            {
                return label.Num;
            }
        }

        return 0;
    }
}
