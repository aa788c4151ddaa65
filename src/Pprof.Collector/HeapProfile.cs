using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>A heap graph's objects added up by retention path into inuse_objects and inuse_space samples.</summary>
internal static class HeapProfile
{
    public static Profile Build(HeapGraph graph, RetentionPaths paths)
    {
        var objects = new double[paths.Trie.Count];
        var bytes = new double[paths.Trie.Count];
        for (var obj = 0; obj < graph.ObjectCount; obj++)
        {
            objects[paths.ObjectPaths[obj]]++;
            bytes[paths.ObjectPaths[obj]] += graph.Sizes[obj];
        }

        var builder = new ProfileBuilder(new SampleType("inuse_objects", "count"), new SampleType("inuse_space", "bytes"));
        for (var path = 0; path < objects.Length; path++)
        {
            if (objects[path] > 0)
            {
                int[] stack = [.. paths.Trie.Frames(path).Select(frame => builder.Frame(paths.FrameNames[frame]))];
                builder.Add(stack, [objects[path], bytes[path]]);
            }
        }

        var profile = builder.Build();
        profile.PeriodType = new SampleType("space", "bytes");
        profile.Period = 1;
        profile.DefaultSampleType = "inuse_space";
        return profile;
    }
}
