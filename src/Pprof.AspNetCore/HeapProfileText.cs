using System.Globalization;
using System.Text;
using Pprof.Legacy;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// Go's <c>debug=1</c> layout of heap and allocs profiles: <c>heap profile: I: IB [A: AB] @ heapprofile</c>, then
/// <c>inuse_objects: inuse_bytes [alloc_objects: alloc_bytes] @ 0x...</c> per stack, largest first, each with
/// comments naming its frames, and the GC's figures at the end as Go ends with runtime.MemStats. The values are
/// already estimates of every object, so the header says <c>heapprofile</c>: readers must not scale them again.
/// </summary>
internal static class HeapProfileText
{
    /// <param name="allocations">
    /// Whether to write the profile's alloc_objects and alloc_space (allocs) rather than its inuse_objects and
    /// inuse_space (heap); other values, such as retained_space, have no place in Go's layout.
    /// </param>
    public static string Write(Profile profile, bool allocations)
    {
        var objectsIndex = ValueIndex(profile, allocations ? "alloc_objects" : "inuse_objects");
        var bytesIndex = ValueIndex(profile, allocations ? "alloc_space" : "inuse_space");
        var samples = new List<(long Objects, long Bytes, int[] Stack)>();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            samples.Add((cursor.Values[objectsIndex], cursor.Values[bytesIndex], cursor.Stack.ToArray()));
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"heap profile: {Figures(samples.Sum(s => s.Objects), samples.Sum(s => s.Bytes), allocations)} @ heapprofile\n");
        foreach (var (objects, bytes, stack) in samples.OrderByDescending(s => Math.Abs(s.Bytes)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{Figures(objects, bytes, allocations)} @{TextFrames.ReturnAddresses(stack)}\n");
            TextFrames.AppendComments(text, profile, stack);
            text.Append('\n');
        }

        var memory = GC.GetGCMemoryInfo();
        text.Append("# .NET GC\n")
            .Append(CultureInfo.InvariantCulture, $"# HeapSizeBytes = {memory.HeapSizeBytes}\n")
            .Append(CultureInfo.InvariantCulture, $"# FragmentedBytes = {memory.FragmentedBytes}\n")
            .Append(CultureInfo.InvariantCulture, $"# TotalCommittedBytes = {memory.TotalCommittedBytes}\n")
            .Append(CultureInfo.InvariantCulture, $"# TotalAllocatedBytes = {GC.GetTotalAllocatedBytes()}\n")
            .Append(CultureInfo.InvariantCulture, $"# Collections = {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}\n")
            .Append(CultureInfo.InvariantCulture, $"# PauseTimePercentage = {memory.PauseTimePercentage}\n");
        return text.ToString();
    }

    private static int ValueIndex(Profile profile, string type)
    {
        var index = profile.SampleTypes.FindIndex(t => t.Type == type);
        return index >= 0
            ? index
            : throw new InvalidOperationException($"the profile has no {type} values, only {string.Join(", ", profile.SampleTypes)}");
    }

    /// <summary>Go's <c>inuse: bytes [alloc: bytes]</c>, with the half this profile does not know as zeros.</summary>
    private static string Figures(long objects, long bytes, bool allocations) =>
        allocations ? $"0: 0 [{objects}: {bytes}]" : $"{objects}: {bytes} [0: 0]";
}
