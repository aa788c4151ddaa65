using System.Globalization;

namespace Pprof.Reports;

/// <summary>Go's <c>time.Duration.String</c>: "1h2m3.5s", "1.5s", "100ms", "250µs", "0s".</summary>
internal static class GoDuration
{
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var magnitude = negative ? (ulong)-nanoseconds : (ulong)nanoseconds;
        string text;
        if (magnitude < 1_000_000_000)
        {
            text = magnitude switch
            {
                < 1_000 => magnitude.ToString(CultureInfo.InvariantCulture) + "ns",
                < 1_000_000 => Fraction(magnitude, 1_000) + "µs",
                _ => Fraction(magnitude, 1_000_000) + "ms",
            };
        }
        else
        {
            var seconds = Fraction(magnitude % 60_000_000_000, 1_000_000_000) + "s";
            var minutes = magnitude / 60_000_000_000;
            text = minutes == 0
                ? seconds
                : minutes < 60
                    ? $"{minutes}m{seconds}"
                    : $"{minutes / 60}h{minutes % 60}m{seconds}";
        }

        return negative ? "-" + text : text;
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var rest = value % unit;
        if (rest == 0)
        {
            return whole;
        }

        var digits = (int)Math.Log10(unit);
        return whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
