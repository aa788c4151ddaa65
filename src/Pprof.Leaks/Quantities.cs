using System.Globalization;

namespace Pprof.Leaks;

/// <summary>Bytes and counts as the report prints them: pprof's binary units (1 MB = 2^20 bytes), two decimals.</summary>
public static class Quantities
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB"];

    public static string Format(double value, bool counts, bool signed = false)
    {
        var sign = signed && value > 0 ? "+" : value < 0 ? "-" : "";
        var magnitude = Math.Abs(value);
        if (counts)
        {
            return sign + (magnitude == Math.Round(magnitude)
                ? magnitude.ToString("0", CultureInfo.InvariantCulture)
                : magnitude.ToString("0.0", CultureInfo.InvariantCulture));
        }

        var unit = 0;
        while (magnitude >= 1024 && unit < ByteUnits.Length - 1)
        {
            magnitude /= 1024;
            unit++;
        }

        var digits = unit == 0 ? "0" : "0.00";
        return sign + magnitude.ToString(digits, CultureInfo.InvariantCulture) + ByteUnits[unit];
    }

    /// <summary>A count and its noun, singular for one: "1 heap snapshot", "12 heap snapshots".</summary>
    public static string Count(long count, string singular, string? plural = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";

    public static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string PValue(double p) => p < 0.001 ? "<0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A span as Go prints durations, to the second: 1h2m3s, 11m0s, 45s.</summary>
    public static string Span(TimeSpan span)
    {
        var seconds = (long)Math.Round(span.TotalSeconds);
        return seconds >= 3600 ? $"{seconds / 3600}h{seconds % 3600 / 60}m{seconds % 60}s"
            : seconds >= 60 ? $"{seconds / 60}m{seconds % 60}s"
            : $"{seconds}s";
    }
}
