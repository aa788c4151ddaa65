namespace Pprof.Collector;

/// <summary>A collection that cannot go on, with a message meant for the user as one line.</summary>
public sealed class CollectorException(string message, Exception? inner = null) : Exception(message, inner);
