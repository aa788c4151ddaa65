using Pprof.Profiles;

namespace Pprof.Collector;

/// <summary>Collects a profile of one kind from a live .NET process.</summary>
public static class ProfileCollector
{
    public static Profile Collect(ProfileKind kind, DotnetProcess target, CollectionSettings settings) => kind switch
    {
        ProfileKind.Allocs => AllocationCollector.Collect(target, settings),
        ProfileKind.Heap => HeapCollector.Collect(target, settings),
        ProfileKind.Threads => ThreadCollector.Collect(target, settings),
        ProfileKind.Cpu => CpuCollector.Collect(target, settings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a profile kind"),
    };

    /// <summary>How long a collection of this kind lasts unless told otherwise.</summary>
    public static TimeSpan DefaultDuration(ProfileKind kind) => kind switch
    {
        ProfileKind.Threads => TimeSpan.FromSeconds(1),
        _ => TimeSpan.FromSeconds(30),
    };
}
