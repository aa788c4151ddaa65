namespace Pprof.Legacy;

/// <summary>Conversions that must give what Go's give on amd64, where pprof's outputs come from.</summary>
internal static class GoConversions
{
    private const double TwoToThe63 = 9223372036854775808.0;

    /// <summary>
    /// Go's <c>int64(f)</c>: truncation toward zero, and <see cref="long.MinValue"/> for NaN and values out of range
    /// (where .NET saturates).
    /// </summary>
    public static long ToInt64(double value) =>
        value is >= -TwoToThe63 and < TwoToThe63 ? (long)value : long.MinValue;
}
