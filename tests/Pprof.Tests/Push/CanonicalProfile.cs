using Pprof.Profiles;

namespace Pprof.Tests.Push;

/// <summary>
/// A profile in one canonical shape, so that two that say the same encode to the same bytes: only the locations
/// samples reach, in their order; mappings and functions in the order those locations first name them; ids
/// 1, 2, 3...; each sample's labels grouped by key, in the order keys first appear. OTLP refers by index, keeps no
/// ids and has one attribute a key, so a profile read back from it is compared in this shape.
/// </summary>
internal static class CanonicalProfile
{
    public static byte[] Encoded(Profile profile) => ProfileWriter.ToBytes(Of(profile), compress: false);

    public static Profile Of(Profile source)
    {
        var profile = source.Clone();
        var reached = new SortedSet<int>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            foreach (var index in cursor.Stack)
            {
                reached.Add(index);
            }
        }

        var position = new Dictionary<int, int>();
        var locations = new List<Location>();
        var mappings = new List<Mapping>();
        var functions = new List<Function>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var index in reached)
        {
            var location = profile.Locations[index];
            position[index] = locations.Count;
            locations.Add(location);
            if (location.Mapping is { } mapping && seen.Add(mapping))
            {
                mappings.Add(mapping);
            }

            foreach (var line in location.Lines)
            {
                if (line.Function is { } function && seen.Add(function))
                {
                    functions.Add(function);
                }
            }
        }

        Renumber(locations, (l, id) => l.Id = id);
        Renumber(mappings, (m, id) => m.Id = id);
        Renumber(functions, (f, id) => f.Id = id);
        var samples = new SampleList(profile.Samples.ValueCount, profile.Samples.Count);
        cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var stack = new int[cursor.Stack.Length];
            for (var i = 0; i < stack.Length; i++)
            {
                stack[i] = position[cursor.Stack[i]];
            }

            samples.Add(stack, cursor.Values, [.. cursor.Labels.ToArray().GroupBy(l => l.Key).SelectMany(g => g)]);
        }

        Replace(profile.Locations, locations);
        Replace(profile.Mappings, mappings);
        Replace(profile.Functions, functions);
        profile.Samples = samples;
        return profile;
    }

    private static void Replace<T>(List<T> list, List<T> items)
    {
        list.Clear();
        list.AddRange(items);
    }

    private static void Renumber<T>(List<T> items, Action<T, ulong> setId)
    {
        for (var i = 0; i < items.Count; i++)
        {
            setId(items[i], (ulong)i + 1);
        }
    }
}
