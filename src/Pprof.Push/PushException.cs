namespace Pprof.Push;

/// <summary>A push that did not reach Pyroscope, or that Pyroscope refused; the message names the URL and why.</summary>
public sealed class PushException(string message, Exception? inner = null) : Exception(message, inner);
