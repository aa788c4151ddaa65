namespace Pprof.Web;

/// <summary>The web interface cannot start: the address is malformed or taken. The message says which and what to do.</summary>
public sealed class WebUiException(string message, bool isUsageMistake, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The address given was wrong (rather than busy or unreachable).</summary>
    public bool IsUsageMistake { get; } = isUsageMistake;
}
