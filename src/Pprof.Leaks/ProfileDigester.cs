using Pprof.Profiles;

namespace Pprof.Leaks;

/// <summary>Reduces a profile to what each key of each grouping that applies to it holds.</summary>
public static class ProfileDigester
{
    private static readonly string[] RuntimePrefixes = ["runtime.", "runtime/", "internal/", "sync.", "System.Threading.", "System.Runtime."];

    public static ProfileDigest Digest(Profile profile, string source)
    {
        var shape = ShapeOf(profile, source);
        var digest = new ProfileDigest(source, shape, profile.TimeNanos);
        foreach (var comment in profile.Comments)
        {
            if (MemoryComment.TryParse(comment, out var name, out var bytes))
            {
                digest.Memory[name] = bytes;
            }
            else if (MemoryComment.TryParse(comment, out GcSettingsReading settings))
            {
                digest.GcSettings = settings;
            }
            else if (MemoryComment.TryParse(comment, out DuplicateStringReading duplicate))
            {
                digest.DuplicateStrings.Add(duplicate);
            }
        }

        switch (shape)
        {
            case ProfileShape.HeapSnapshot:
                DigestSnapshot(profile, digest);
                break;
            case ProfileShape.HeapSites:
                DigestSites(profile, digest);
                break;
            default:
                DigestStacks(profile, digest);
                break;
        }

        return digest;
    }

    public static ProfileShape ShapeOf(Profile profile, string source)
    {
        if (Index(profile, "goroutine") >= 0 || Index(profile, "threads") >= 0)
        {
            return ProfileShape.Stacks;
        }

        if (Index(profile, "inuse_space") < 0)
        {
            var types = string.Join(", ", profile.SampleTypes.Select(t => t.Type));
            throw new LeakInputException($"{source}: not a heap, goroutine or thread profile (sample types {types}): leaks needs what is alive");
        }

        return Index(profile, "retained_space") >= 0 ? ProfileShape.HeapSnapshot : ProfileShape.HeapSites;
    }

    private static int Index(Profile profile, string type) => profile.SampleTypes.FindIndex(t => t.Type == type);

    private static void DigestSnapshot(Profile profile, ProfileDigest digest)
    {
        digest.Declare(Grouping.Path);
        digest.Declare(Grouping.Type);
        var (space, objects) = (Index(profile, "inuse_space"), Index(profile, "inuse_objects"));
        var frames = FrameNames(profile);
        var typeNames = new string?[frames.Length];
        var path = new List<string>();
        var total = default(Measure);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var measure = new Measure(cursor.Values[space], objects >= 0 ? cursor.Values[objects] : 0);
            var stack = cursor.Stack;
            if (stack.IsEmpty)
            {
                continue;
            }

            total += measure;
            path.Clear();
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                path.Add(frames[stack[i]]);
            }

            var (key, name) = RetentionPathName.Of(path);
            digest.Add(Grouping.Path, key, measure);
            if (name != RetentionPathName.NameOfKey(key))
            {
                digest.Names[key] = name;
            }

            digest.Add(Grouping.Type, typeNames[stack[0]] ??= DotnetTypeNames.Short(frames[stack[0]]), measure);
        }

        digest.Total = total;
    }

    private static void DigestSites(Profile profile, ProfileDigest digest)
    {
        digest.Declare(Grouping.Site);
        var (space, objects) = (Index(profile, "inuse_space"), Index(profile, "inuse_objects"));
        var frames = FrameNames(profile);
        var sites = new Measure[frames.Length];
        var unknown = default(Measure);
        var total = default(Measure);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var measure = new Measure(cursor.Values[space], objects >= 0 ? cursor.Values[objects] : 0);
            total += measure;
            if (cursor.Stack.IsEmpty)
            {
                unknown += measure;
            }
            else
            {
                sites[cursor.Stack[0]] += measure;
            }

            if (TypeLabel(cursor.Labels) is { } type)
            {
                digest.Add(Grouping.Type, DotnetTypeNames.Short(type), measure);
            }
        }

        for (var location = 0; location < sites.Length; location++)
        {
            if (sites[location] != default)
            {
                digest.Add(Grouping.Site, frames[location], sites[location]);
            }
        }

        if (unknown != default)
        {
            digest.Add(Grouping.Site, "<unknown>", unknown);
        }

        digest.Total = total;
    }

    /// <summary>The allocated type's name (the <c>type</c> label of <c>collect heap --alloc-stacks</c>), if the sample has one.</summary>
    internal static string? TypeLabel(ReadOnlySpan<Label> labels)
    {
        foreach (var label in labels)
        {
            if (label.Key == "type" && label.Str is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static void DigestStacks(Profile profile, ProfileDigest digest)
    {
        digest.Declare(Grouping.Stack);
        var count = Math.Max(Index(profile, "goroutine"), Index(profile, "threads"));
        var locationFrames = profile.Locations.Select(l => l.Lines.Select(line => line.Function?.Name ?? "<unknown>").ToArray()).ToArray();
        var frames = new List<string>();
        var total = 0L;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            frames.Clear();
            foreach (var location in cursor.Stack)
            {
                frames.AddRange(locationFrames[location]);
            }

            var key = frames.Count == 0 ? "<no frames>" : string.Join(RetentionPathName.KeySeparator, frames);
            var name = frames.FirstOrDefault(f => !IsRuntime(f))
                ?? (frames.Count == 0 ? key : frames[0]);
            digest.Add(Grouping.Stack, key, new Measure(0, cursor.Values[count]));
            digest.Names[key] = name;
            total += cursor.Values[count];
        }

        digest.Total = new Measure(0, total);
    }

    /// <summary>A frame of the runtime or of its waiting primitives, which does not name a thread's or goroutine's stack.</summary>
    public static bool IsRuntime(string frame) => RuntimePrefixes.Any(p => frame.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The innermost function of each location (inlined calls listed innermost first).</summary>
    private static string[] FrameNames(Profile profile)
    {
        var names = new string[profile.Locations.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var lines = profile.Locations[i].Lines;
            names[i] = lines.Length > 0 && lines[0].Function is { } function ? function.Name : "<unknown>";
        }

        return names;
    }
}
