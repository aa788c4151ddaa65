using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pprof.Collector;

namespace Pprof.AspNetCore;

/// <summary>
/// What every pprof endpoint does around its own work: refuses clients the options do not allow, and turns every
/// failure into an error answer, so that profiling never breaks the host. Collector failures answer with the
/// collector's one-line reason; any other exception is logged, never echoed.
/// </summary>
internal sealed class PprofHandler(PprofOptions options, ILogger logger)
{
    public RequestDelegate Wrap(Func<HttpContext, Task> serve) => async context =>
    {
        if (!ClientPolicy.Allows(context.Connection.RemoteIpAddress, options))
        {
            await PprofResponses.ErrorAsync(context, StatusCodes.Status403Forbidden, ClientPolicy.Refusal);
            return;
        }

        try
        {
            await serve(context);
        }
        catch (PprofRequestException refusal)
        {
            await FailAsync(context, refusal.Status, refusal.Message);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
        }
        catch (CollectorException error)
        {
            logger.LogWarning("{Path}: {Message}", context.Request.Path, error.Message);
            await FailAsync(context, StatusCodes.Status500InternalServerError, "could not profile: " + error.Message);
        }
        catch (Exception error)
        {
            // What went wrong inside the host is for its log: the message may tell a client more than it should know.
            logger.LogError(error, "{Path} failed", context.Request.Path);
            await FailAsync(context, StatusCodes.Status500InternalServerError, "could not profile: " + HiddenReason);
        }
    };

    /// <summary>The reason given for a failure that is no collector's: the details are in the host's log.</summary>
    public const string HiddenReason = "internal error (the service's log has the details)";

    private static async Task FailAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await PprofResponses.ErrorAsync(context, status, message);
    }
}
