using Pprof.Profiles;

namespace Pprof.Tests.Leaks;

/// <summary>Builds profiles shaped as the collectors and Go write them, from frames and values.</summary>
public static class SyntheticProfiles
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A .NET heap snapshot (collect heap): each sample's stack is a retention path, given root first.</summary>
    public static Profile HeapSnapshot(TimeSpan at, IEnumerable<(string[] RootFirst, long Bytes, long Count)> samples) =>
        Build(
            at,
            [new("inuse_objects", "count"), new("inuse_space", "bytes"), new("retained_space", "bytes")],
            samples.Select(s => (s.RootFirst.Reverse().ToArray(), (long[])[s.Count, s.Bytes, s.Bytes])));

    /// <summary>A Go heap profile: each sample's stack is an allocation stack, given leaf first.</summary>
    public static Profile GoHeap(TimeSpan at, IEnumerable<(string[] LeafFirst, long Bytes, long Count)> samples) =>
        Build(
            at,
            [new("alloc_objects", "count"), new("alloc_space", "bytes"), new("inuse_objects", "count"), new("inuse_space", "bytes")],
            samples.Select(s => (s.LeafFirst, (long[])[s.Count, s.Bytes, s.Count, s.Bytes])));

    /// <summary>A Go goroutine profile: stacks given leaf first, each with its goroutines.</summary>
    public static Profile Goroutines(TimeSpan at, IEnumerable<(string[] LeafFirst, long Count)> samples) =>
        Build(at, [new("goroutine", "count")], samples.Select(s => (s.LeafFirst, (long[])[s.Count])));

    private static Profile Build(TimeSpan at, SampleType[] types, IEnumerable<(string[] LeafFirst, long[] Values)> samples)
    {
        var profile = new Profile(types) { TimeNanos = (Start + at).ToUnixTimeMilliseconds() * 1_000_000 };
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (leafFirst, values) in samples)
        {
            var stack = leafFirst.Select(frame => Location(profile, locations, frame)).ToArray();
            profile.Samples.Add(stack, values, []);
        }

        return profile;
    }

    private static int Location(Profile profile, Dictionary<string, int> locations, string frame)
    {
        if (!locations.TryGetValue(frame, out var index))
        {
            var id = (ulong)profile.Locations.Count + 1;
            var function = new Function { Id = id, Name = frame, SystemName = frame };
            profile.Functions.Add(function);
            profile.Locations.Add(new Location { Id = id, Lines = [new Line(function, 0)] });
            locations[frame] = index = profile.Locations.Count - 1;
        }

        return index;
    }
}
