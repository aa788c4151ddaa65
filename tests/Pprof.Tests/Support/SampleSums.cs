using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Support;

/// <summary>Sums of a profile's default value straight from its samples: what reports built from stacks must add up to.</summary>
public static class SampleSums
{
    public static long Total(string path) => Sum(path, (_, _) => true, out _);

    /// <summary>The value of the samples whose stack goes through <paramref name="function"/>, and the total.</summary>
    public static long Through(string path, string function, out long total) =>
        Sum(path, (profile, stack) =>
        {
            foreach (var location in stack)
            {
                if (profile.Locations[location].Lines.Any(line => line.Function?.Name == function))
                {
                    return true;
                }
            }

            return false;
        }, out total);

    private static long Sum(string path, Func<Profile, ReadOnlySpan<int>, bool> includes, out long total)
    {
        var profile = ProfileReader.ReadFile(path);
        var index = SampleIndex.Resolve(profile, "");
        long sum = 0;
        total = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var value = cursor.Values[index];
            total += value;
            if (includes(profile, cursor.Stack))
            {
                sum += value;
            }
        }

        return sum;
    }
}
