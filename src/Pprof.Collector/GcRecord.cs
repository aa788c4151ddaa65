using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Pprof.Collector;

/// <summary>One garbage collection as the runtime reported it.</summary>
/// <param name="Number">The runtime's count of GCs so far, this one included.</param>
/// <param name="Start">When it started, in UTC.</param>
/// <param name="BeforeBytes">The heap's size when it started; null when the runtime did not report it.</param>
/// <param name="AfterBytes">The heap's size when it ended: the live objects, and the new generation's free space.</param>
/// <param name="Pause">
/// How long the process's threads were suspended for it; for a background GC, only its own suspensions, not the
/// blocking GC it starts with nor the foreground GCs that run while it does.
/// </param>
/// <param name="CommittedBytes">The memory the GC held from the system when it ended; null when the runtime did not report it.</param>
internal sealed record GcRecord(
    int Number,
    int Generation,
    GCType Type,
    GCReason Reason,
    DateTime Start,
    long? BeforeBytes,
    long AfterBytes,
    TimeSpan Pause,
    long? CommittedBytes)
{
    /// <summary>From its start to its end: for a background GC, how long it ran beside the app.</summary>
    public TimeSpan Duration { get; init; }
}
