namespace Pprof.Driver;

/// <summary>The command line is wrong; the message says how, and the tool exits with status 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
