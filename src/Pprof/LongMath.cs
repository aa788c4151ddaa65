namespace Pprof;

/// <summary>Integer helpers that never throw on hostile values.</summary>
internal static class LongMath
{
    /// <summary>|value|, wrapping for <see cref="long.MinValue"/> as Go does, where <see cref="Math.Abs(long)"/> throws.</summary>
    public static long Abs(long value) => value < 0 ? unchecked(-value) : value;
}
