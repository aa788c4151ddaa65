namespace Pprof.AspNetCore;

/// <summary>A request the endpoints refuse, with the status and the one-line message to answer.</summary>
internal sealed class PprofRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
