namespace Pprof.Legacy;

/// <summary>
/// Thrown by a legacy parser when the input turns out not to be its format, so that the next one may try, as pprof
/// tries its parsers in turn. The reason, when there is one, says what a parser that took the header could not read.
/// </summary>
internal sealed class UnrecognizedFormatException(string? reason = null) : Exception(reason ?? "not this format")
{
    public string? Reason => reason;
}
