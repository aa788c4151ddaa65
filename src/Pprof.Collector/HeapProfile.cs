using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>
/// A heap graph's objects added up by retention path into inuse_objects and inuse_space samples, and retained_space:
/// the retained size of each object that no other object dominates, so that its samples' values add up to the heap
/// once, and flat retained_space names the objects that keep the most memory alive, each at its retention path.
/// </summary>
internal static class HeapProfile
{
    public static Profile Build(HeapGraph graph, RetentionPaths paths, DominatorTree dominators)
    {
        var objects = new double[paths.Trie.Count];
        var bytes = new double[paths.Trie.Count];
        var retained = new double[paths.Trie.Count];
        for (var obj = 0; obj < graph.ObjectCount; obj++)
        {
            var path = paths.ObjectPaths[obj];
            objects[path]++;
            bytes[path] += graph.Sizes[obj];
            if (dominators.ImmediateDominator(obj) < 0)
            {
                retained[path] += dominators.RetainedBytes(obj);
            }
        }

        var builder = new ProfileBuilder(
            new SampleType("inuse_objects", "count"), new SampleType("inuse_space", "bytes"), new SampleType("retained_space", "bytes"));
        for (var path = 0; path < objects.Length; path++)
        {
            if (objects[path] > 0)
            {
                int[] stack = [.. paths.Trie.Frames(path).Select(frame => builder.Frame(paths.FrameNames[frame]))];
                builder.Add(stack, [objects[path], bytes[path], retained[path]]);
            }
        }

        var profile = builder.Build();
        profile.PeriodType = new SampleType("space", "bytes");
        profile.Period = 1;
        profile.DefaultSampleType = "retained_space";
        return profile;
    }
}
