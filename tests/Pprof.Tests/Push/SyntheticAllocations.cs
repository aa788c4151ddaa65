using Pprof.Profiles;

namespace Pprof.Tests.Push;

/// <summary>Allocation profiles built by hand: stacks given leaf first, functions and locations in order of first use.</summary>
public static class SyntheticAllocations
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <param name="from">When the counting started (cumulative totals) or the window did.</param>
    public static Profile Snapshot(TimeSpan from, TimeSpan duration, IEnumerable<(string[] LeafFirst, long Count, long Bytes)> samples)
    {
        var profile = new Profile([new("alloc_objects", "count"), new("alloc_space", "bytes")])
        {
            TimeNanos = (Start + from).ToUnixTimeMilliseconds() * 1_000_000,
            DurationNanos = (long)duration.TotalNanoseconds,
            DefaultSampleType = "alloc_space",
        };
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (leafFirst, count, bytes) in samples)
        {
            var stack = leafFirst.Select(frame => Location(profile, locations, frame)).ToArray();
            profile.Samples.Add(stack, [count, bytes], []);
        }

        return profile;
    }

    /// <summary>Each sample as "leaf;...;root count bytes", in the profile's order.</summary>
    public static string[] Describe(Profile profile)
    {
        var lines = new List<string>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var frames = new List<string>();
            foreach (var location in cursor.Stack)
            {
                frames.Add(profile.Locations[location].Lines[0].Function!.Name);
            }

            lines.Add($"{string.Join(';', frames)} {string.Join(' ', cursor.Values.ToArray())}");
        }

        return [.. lines];
    }

    private static int Location(Profile profile, Dictionary<string, int> locations, string frame)
    {
        if (!locations.TryGetValue(frame, out var index))
        {
            var id = (ulong)profile.Locations.Count + 1;
            var function = new Function { Id = id, Name = frame, SystemName = frame, Filename = frame + ".cs" };
            profile.Functions.Add(function);
            profile.Locations.Add(new Location { Id = id, Lines = [new Line(function, 10)] });
            locations[frame] = index = profile.Locations.Count - 1;
        }

        return index;
    }
}
