namespace Pprof.Leaks;

/// <summary>A string value the process held in several copies when a profile was taken (from <c>leaks -p --strings</c>).</summary>
/// <param name="Bytes">What all its copies took.</param>
public sealed record DuplicateStringReading(string Value, long Copies, long Bytes)
{
    /// <summary>What all the copies but one took: what sharing one instance saves.</summary>
    public long WastedBytes => Copies > 0 ? Bytes - (Bytes / Copies) : 0;
}
