namespace Pprof;

/// <summary>The input is not a profile we can read; the message says what is wrong, for the user to read.</summary>
public sealed class ProfileFormatException(string message) : Exception(message);
