namespace Pprof.AspNetCore;

/// <summary>The profiles the endpoints serve, and Go's that .NET has no counterpart for, as the index lists them.</summary>
internal static class ProfileCatalog
{
    public static readonly IReadOnlyList<(string Name, string Reason)> Unavailable =
    [
        ("block", "Go's blocking profile: the collector has no counterpart yet"),
        ("mutex", "Go's lock contention profile: the collector has no counterpart yet"),
        ("threadcreate", "Go's OS thread creation profile: threads shows every managed thread instead"),
        ("trace", "Go's execution trace: use dotnet-trace"),
        ("symbol", "Go's symbol lookup: profiles here carry their function names"),
    ];

    /// <summary>Each served profile with the link the index gives it (its text form where it has one) and what it is.</summary>
    public static IReadOnlyList<(string Name, string Link, string Description)> Available(PprofOptions options) =>
    [
        ("allocs", "allocs?debug=1", options.SampleAllocationsFromStart
            ? $"A sampling of the allocations made since the app started (sampled in windows of {options.AllocationWindow.TotalSeconds:0} s; "
                + "the profile goes up to the last finished window). With seconds=N, the allocations of the next N seconds."
            : $"A sampling of the allocations of the next {options.AllocationWindow.TotalSeconds:0} seconds (sampling from the start is off: "
                + "PprofOptions.SampleAllocationsFromStart). With seconds=N, of the next N seconds."),
        ("cmdline", "cmdline", "The command line invocation of the current program."),
        ("goroutine", "goroutine?debug=1", "Stack traces of all current managed threads (the same as threads: .NET has threads where Go has "
            + "goroutines). Use debug=2 as a query parameter to export in the same format as Go's full goroutine dump."),
        ("heap", "heap?debug=1", "Live objects by type, each under the retention path that keeps it alive: a snapshot after a full "
            + "blocking GC, which pauses the app during the heap walk (gc=1 is accepted and changes nothing). With seconds=N, what "
            + "the heap gained over N seconds."),
        ("profile", "profile", "CPU profile: where managed code runs. You can specify the duration in the seconds GET parameter "
            + $"(default {ProfileEndpoints.CpuSeconds(options)}). After you get the profile file, use dotnet-pprof or go tool pprof to investigate it."),
        ("threads", "threads?debug=1", "Stack traces of all current managed threads, counted by stack. Use debug=2 for one stack per thread."),
    ];
}
