using Microsoft.Diagnostics.NETCore.Client;

namespace Pprof.Collector;

/// <summary>Starts EventPipe sessions, turning the client's failures into one-line messages.</summary>
internal static class SessionStarter
{
    public static EventPipeSession Start(int processId, EventPipeSessionConfiguration configuration)
    {
        try
        {
            return new DiagnosticsClient(processId).StartEventPipeSession(configuration);
        }
        catch (Exception error) when (error is ServerNotAvailableException or ServerErrorException or UnsupportedCommandException
            or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new CollectorException($"cannot start tracing process {processId}: {error.Message}", error);
        }
    }
}
