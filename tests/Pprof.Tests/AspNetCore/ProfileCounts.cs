using Pprof.Profiles;

namespace Pprof.Tests.AspNetCore;

/// <summary>Sums over a profile's samples, to compare profiles that differ in layout but not in content.</summary>
public static class ProfileCounts
{
    /// <summary>The first value of the samples whose stack has <paramref name="function"/> anywhere in it.</summary>
    public static long Through(Profile profile, string function, int valueIndex = 0)
    {
        long total = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            foreach (var location in cursor.Stack)
            {
                if (profile.Locations[location].Lines.Any(line => line.Function?.Name == function))
                {
                    total += cursor.Values[valueIndex];
                    break;
                }
            }
        }

        return total;
    }

    /// <summary>The values of each sample keyed by its stack's function names, leaf first; equal stacks add up.</summary>
    public static Dictionary<string, long> ByStack(Profile profile, int valueIndex = 0)
    {
        var totals = new Dictionary<string, long>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var names = new List<string>();
            foreach (var location in cursor.Stack)
            {
                names.AddRange(profile.Locations[location].Lines.Select(line => line.Function?.Name ?? "?"));
            }

            var key = string.Join(" <- ", names);
            totals[key] = totals.GetValueOrDefault(key) + cursor.Values[valueIndex];
        }

        return totals;
    }

    public static long Total(Profile profile, int valueIndex = 0)
    {
        long total = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            total += cursor.Values[valueIndex];
        }

        return total;
    }
}
