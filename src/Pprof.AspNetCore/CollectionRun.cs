using Microsoft.AspNetCore.Http;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>Runs one collection for a request: refused with 429 while another runs, and off the request threads.</summary>
internal static class CollectionRun
{
    private const string Busy = "another profile of this process is being collected; try again when it is done (one collection at a time)";

    /// <param name="collect">Told to stop early when the client goes away.</param>
    public static async Task<Profile> RunAsync(HttpContext context, Func<CancellationToken, Profile> collect)
    {
        using var lease = CollectionGate.TryEnter() ?? throw new PprofRequestException(StatusCodes.Status429TooManyRequests, Busy);
        var aborted = context.RequestAborted;

        // Collections block for their whole duration: a thread of their own keeps them from starving the thread pool.
        return await Task.Factory.StartNew(
            () => collect(aborted), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
