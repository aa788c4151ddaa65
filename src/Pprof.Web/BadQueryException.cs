namespace Pprof.Web;

/// <summary>A query parameter of a request is wrong; the message names it. The answer is a 400 with the message.</summary>
internal sealed class BadQueryException(string message) : Exception(message);
