using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Pprof.AspNetCore;

/// <summary>The query parameters of Go's pprof endpoints, checked: a value that is not understood is refused with 400.</summary>
/// <param name="Seconds">How long to collect, when asked; within 1..<see cref="PprofOptions.MaxSeconds"/>.</param>
/// <param name="Debug">0 for profile.proto, 1 for Go's text layout, 2 for the full dump where there is one.</param>
internal sealed record PprofQuery(int? Seconds, int Debug)
{
    public static PprofQuery Parse(IQueryCollection query, PprofOptions options)
    {
        var seconds = Number(query, "seconds", 1, options.MaxSeconds);
        var debug = Number(query, "debug", 0, 2) ?? 0;

        // Go's gc=1 runs a GC before the heap profile; the heap snapshot here always runs pending finalizers and a full GC.
        Number(query, "gc", 0, int.MaxValue);
        return new PprofQuery(seconds, debug);
    }

    /// <summary>Refuses a <c>seconds</c> on endpoints that take none.</summary>
    public PprofQuery WithoutSeconds(string profile) => Seconds is null
        ? this
        : throw new PprofRequestException(StatusCodes.Status400BadRequest, $"the {profile} profile is taken at once: it takes no seconds parameter");

    /// <summary>Refuses text on endpoints that only have the binary form.</summary>
    public PprofQuery WithoutDebug(string profile) => Debug == 0
        ? this
        : throw new PprofRequestException(StatusCodes.Status400BadRequest, $"the {profile} profile has no text form: ask without debug, or with debug=0");

    private static int? Number(IQueryCollection query, string name, int min, int max)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        var text = values.Count == 1 ? values[0] : null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == int.MaxValue ? $"{min} or more" : $"from {min} to {max}";
        throw new PprofRequestException(
            StatusCodes.Status400BadRequest, $"{name} must be a whole number {range}, got '{string.Join(",", values.ToArray())}'");
    }
}
