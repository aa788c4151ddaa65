namespace Pprof.Leaks;

/// <summary>A series that cannot be analysed; the message is one line naming the file and what to do.</summary>
public sealed class LeakInputException(string message, Exception? inner = null) : Exception(message, inner);
