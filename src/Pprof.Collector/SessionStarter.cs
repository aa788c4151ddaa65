using Microsoft.Diagnostics.NETCore.Client;

namespace Pprof.Collector;

/// <summary>Starts EventPipe sessions, turning the client's failures into one-line messages.</summary>
internal static class SessionStarter
{
    public static EventPipeSession Start(int processId, EventPipeSessionConfiguration configuration)
    {
        try
        {
            return StartOrWalkStacks(new DiagnosticsClient(processId), configuration);
        }
        catch (Exception error) when (error is ServerNotAvailableException or ServerErrorException or UnsupportedCommandException
            or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new CollectorException($"cannot start tracing process {processId}: {error.Message}", error);
        }
    }

    /// <summary>
    /// Runtimes before .NET 9 do not know the command that turns stack walks off; there the session walks stacks, which
    /// costs time but changes no event.
    /// </summary>
    private static EventPipeSession StartOrWalkStacks(DiagnosticsClient client, EventPipeSessionConfiguration configuration)
    {
        try
        {
            return client.StartEventPipeSession(configuration);
        }
        catch (UnsupportedCommandException) when (!configuration.RequestStackwalk)
        {
            return client.StartEventPipeSession(new EventPipeSessionConfiguration(
                configuration.Providers, configuration.CircularBufferSizeInMB, configuration.RequestRundown, requestStackwalk: true));
        }
    }
}
