using Microsoft.AspNetCore.Http;
using Pprof.Collector;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>Runs one collection for a request, shared with whoever collects the same already, off the request threads.</summary>
internal static class CollectionRun
{
    private const string Busy = "too many profiles of this process are being collected at once; try again when one is done";

    /// <summary>A profile of this process over <paramref name="duration"/>.</summary>
    public static Task<Profile> RunAsync(HttpContext context, ProfileKind kind, TimeSpan duration) =>
        RunAsync(context, Key(kind, duration), stop => SelfProfiler.Collect(kind, duration, stop));

    /// <param name="key">What is collected: requests with equal keys share one collection.</param>
    /// <param name="collect">Told to stop early when every client waiting for it has gone.</param>
    public static async Task<Profile> RunAsync(HttpContext context, string key, Func<CancellationToken, Profile> collect) =>
        await SharedCollections.Process.CollectAsync(key, collect, context.RequestAborted)
            ?? throw new PprofRequestException(StatusCodes.Status429TooManyRequests, Busy);

    public static string Key(ProfileKind kind, TimeSpan duration) => $"{kind}/{duration.Ticks}";
}
