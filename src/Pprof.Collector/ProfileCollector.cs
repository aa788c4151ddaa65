using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>Collects a profile of one kind from a live .NET process.</summary>
public static class ProfileCollector
{
    public static Profile Collect(ProfileKind kind, DotnetProcess target, CollectionSettings settings) => kind switch
    {
        ProfileKind.Allocs => AllocationCollector.Collect(target, settings),
        ProfileKind.Heap => HeapCollector.Collect(target, settings).Profile,
        ProfileKind.Threads => ThreadCollector.Collect(target, settings),
        ProfileKind.Cpu => CpuCollector.Collect(target, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a profile kind"),
    };

    /// <summary>
    /// A heap snapshot (<see cref="ProfileKind.Heap"/>) with the GC's heap size, committed memory and heap count after
    /// the induced GC that walked it.
    /// </summary>
    public static HeapSnapshot CollectHeapSnapshot(DotnetProcess target, CollectionSettings settings) => HeapCollector.Collect(target, settings);

    /// <summary>
    /// Go's heap profile (<c>collect heap --alloc-stacks</c>): the allocations sampled over the duration, and which of
    /// them are still alive at its end, by allocation stack.
    /// </summary>
    public static Profile CollectHeapAllocations(DotnetProcess target, CollectionSettings settings) =>
        LiveAllocationCollector.Collect(target, settings);

    /// <summary>
    /// How long a threads profile taken again and again in the background (a push every window) lasts. It keeps each
    /// thread's last sampled stack, and the sample profiler suspends every managed thread each millisecond to take
    /// them: a second of that each window raised the app's p99 latency in that second (bench/README), where a fifth of
    /// it still sees every thread many times over.
    /// </summary>
    public static readonly TimeSpan RepeatedThreadsDuration = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a collection of this kind lasts unless told otherwise.</summary>
    public static TimeSpan DefaultDuration(ProfileKind kind) => kind switch
    {
        ProfileKind.Threads => TimeSpan.FromSeconds(1),
        _ => TimeSpan.FromSeconds(30),
    };
}
