using System.Globalization;

namespace Pprof.Reports;

/// <summary>Profile times in the local zone, in the layout Go's pprof uses: <c>Jan 2, 2006 at 3:04pm (MST)</c>.</summary>
internal static class GoTime
{
    public static string Format(long unixNanos) => Format(unixNanos, TimeZoneInfo.Local);

    public static string Format(long unixNanos, TimeZoneInfo zone)
    {
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
        var meridiem = local.Hour < 12 ? "am" : "pm";
        return string.Create(CultureInfo.InvariantCulture,
            $"{local.ToString("MMM", CultureInfo.InvariantCulture)} {local.Day}, {local.Year} at {hour}:{local.Minute:00}{meridiem} ({ZoneName(zone, local)})");
    }

    /// <summary>Go's <c>time.Time.String</c> layout: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>, in the local zone.</summary>
    public static string FormatFull(long unixNanos)
    {
        var zone = TimeZoneInfo.Local;
        var utc = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        var nanos = (unixNanos % 1_000_000_000 + 1_000_000_000) % 1_000_000_000;
        var fraction = nanos == 0 ? "" : "." + nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = local.Offset.Duration();
        var sign = local.Offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(CultureInfo.InvariantCulture,
            $"{local:yyyy-MM-dd HH:mm:ss}{fraction} {sign}{offset.Hours:00}{offset.Minutes:00} {ZoneName(zone, local)}");
    }

    private static string ZoneName(TimeZoneInfo zone, DateTimeOffset local)
    {
        if (local.Offset == TimeSpan.Zero && (zone.Id is "UTC" or "Etc/UTC" or "Universal" or "Zulu" || zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime))
        {
            return "UTC";
        }

        var name = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        if (name.Length is > 0 and <= 5 && !name.Contains(' ', StringComparison.Ordinal))
        {
            return name;
        }

        // Go prints the numeric offset when the zone has no abbreviation.
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return offset.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
