namespace Pprof.Push;

/// <summary>How one try of a push ended: sent, or why not, whether trying again can help, and when the server allows it.</summary>
public sealed record PushOutcome(string? Failure, bool Retryable, TimeSpan? RetryAfter)
{
    public static PushOutcome Sent { get; } = new(null, Retryable: false, RetryAfter: null);

    public bool Succeeded => Failure is null;

    /// <summary>Connection errors, timeouts, 429 and 5xx are worth another try; any other answer is not.</summary>
    public static bool IsRetryableStatus(int status) => status is 429 or >= 500;
}
