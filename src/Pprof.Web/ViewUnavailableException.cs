namespace Pprof.Web;

/// <summary>A view has nothing to show for what the server was started with (no base, no series); the message says how to start it. A 404.</summary>
internal sealed class ViewUnavailableException(string message) : Exception(message);
