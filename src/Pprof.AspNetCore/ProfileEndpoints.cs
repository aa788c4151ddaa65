using Microsoft.AspNetCore.Http;
using Pprof.Collector;
using Pprof.Legacy;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>
/// The profile endpoints: each collects from this process (sharing a collection already running for the same profile) and answers profile.proto by
/// default, Go's text layout with <c>debug=1</c> (and the full dump with <c>debug=2</c> for threads).
/// </summary>
internal sealed class ProfileEndpoints(PprofOptions options, AllocationHistory history)
{
    /// <summary>Go's default length of a CPU profile.</summary>
    private const int DefaultCpuSeconds = 30;

    public static int CpuSeconds(PprofOptions options) => Math.Min(DefaultCpuSeconds, options.MaxSeconds);

    public async Task HeapAsync(HttpContext context)
    {
        var query = Parse(context);
        if (query.Seconds is { } seconds)
        {
            var growth = await CollectionRun.RunAsync(
                context, $"heap-growth/{seconds}", stop => SelfProfiler.HeapGrowth(TimeSpan.FromSeconds(seconds), stop));
            await PprofResponses.ProfileAsync(context, "heap-delta", growth);
            return;
        }

        var heap = await CollectionRun.RunAsync(context, ProfileKind.Heap, TimeSpan.Zero);
        await Answer(context, query, "heap", heap, () => HeapProfileText.Write(heap, allocations: false));
    }

    public async Task AllocsAsync(HttpContext context)
    {
        var query = Parse(context);
        var allocations = query.Seconds is null && history.IsOn
            ? await history.TotalAsync(context.RequestAborted)
            : await CollectionRun.RunAsync(
                context, ProfileKind.Allocs, query.Seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.AllocationWindow);
        await Answer(context, query, "allocs", allocations, () => HeapProfileText.Write(allocations, allocations: true));
    }

    /// <param name="name">goroutine or threads: the same profile under Go's name and under .NET's.</param>
    public async Task ThreadsAsync(HttpContext context, string name)
    {
        var query = Parse(context).WithoutSeconds(name);
        var threads = await CollectionRun.RunAsync(context, ProfileKind.Threads, ProfileCollector.DefaultDuration(ProfileKind.Threads));
        await Answer(context, query, name, threads, () => query.Debug == 2 ? ThreadDumpText.Write(threads) : CountProfileText.Write(threads, name));
    }

    public async Task CpuAsync(HttpContext context)
    {
        var query = Parse(context).WithoutDebug("CPU");
        var seconds = query.Seconds ?? CpuSeconds(options);
        var cpu = await CollectionRun.RunAsync(context, ProfileKind.Cpu, TimeSpan.FromSeconds(seconds));
        await PprofResponses.ProfileAsync(context, "profile", cpu);
    }

    /// <summary>The query, refusing what Go refuses too: a delta (seconds) has no text form.</summary>
    private PprofQuery Parse(HttpContext context)
    {
        var query = PprofQuery.Parse(context.Request.Query, options);
        return query is { Seconds: not null, Debug: > 0 }
            ? throw new PprofRequestException(StatusCodes.Status400BadRequest, "seconds and debug params are incompatible")
            : query;
    }

    private static Task Answer(HttpContext context, PprofQuery query, string name, Profile profile, Func<string> text) =>
        query.Debug == 0 ? PprofResponses.ProfileAsync(context, name, profile) : PprofResponses.TextAsync(context, text());
}
