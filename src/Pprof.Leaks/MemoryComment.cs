using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pprof.Leaks;

/// <summary>
/// Memory figures a live series writes into each profile's comments (<c>dotnet-pprof leaks: rss 83886080 bytes</c>,
/// <c>dotnet-pprof leaks: gc settings gcServer=0 GCgen0size=67108864 (from runtime events, environment)</c>), so
/// that the analysis re-run on the files still has them.
/// </summary>
public static partial class MemoryComment
{
    /// <summary>The process's resident set size.</summary>
    public const string Rss = "rss";

    /// <summary>The GC's heap after the snapshot's induced GC: the live objects.</summary>
    public const string GcHeap = "gc_heap";

    /// <summary>What the GC held from the system after that GC: the heap, free space it keeps, its bookkeeping.</summary>
    public const string GcCommitted = "gc_committed";

    public static string Format(string name, long bytes) => $"dotnet-pprof leaks: {name} {bytes.ToString(CultureInfo.InvariantCulture)} bytes";

    public static bool TryParse(string comment, out string name, out long bytes)
    {
        var match = Pattern().Match(comment);
        name = match.Success ? match.Groups[1].Value : "";
        bytes = match.Success ? long.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    public static string Format(GcSettingsReading settings)
    {
        var values = string.Join(' ', settings.Values.Select(v => $"{v.Name}={v.Value.ToString(CultureInfo.InvariantCulture)}"));
        return $"dotnet-pprof leaks: gc settings {values}{(settings.From.Count > 0 ? $" (from {string.Join(", ", settings.From)})" : "")}";
    }

    public static bool TryParse(string comment, out GcSettingsReading settings)
    {
        var match = SettingsPattern().Match(comment);
        settings = match.Success
            ? new GcSettingsReading(
                [.. match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('='))
                    .Select(pair => new GcSetting(pair[0], long.Parse(pair[1], CultureInfo.InvariantCulture)))],
                match.Groups[2].Success ? match.Groups[2].Value.Split(", ") : [])
            : new GcSettingsReading([], []);
        return match.Success;
    }

    /// <summary>One line of the duplicate strings' table: <c>dotnet-pprof leaks: duplicate string 20000 copies 1040000 bytes "GET /api"</c>.</summary>
    public static string Format(DuplicateStringReading duplicate) =>
        string.Create(CultureInfo.InvariantCulture, $"dotnet-pprof leaks: duplicate string {duplicate.Copies} copies {duplicate.Bytes} bytes ")
        + Quoted(duplicate.Value);

    /// <summary>A value as a JSON string: quotes, backslashes and control characters escaped.</summary>
    public static string Quoted(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    public static bool TryParse(string comment, out DuplicateStringReading duplicate)
    {
        var match = DuplicatePattern().Match(comment);
        duplicate = match.Success
            ? new DuplicateStringReading(
                Unquoted(match.Groups[3].Value),
                long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
                long.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture))
            : new DuplicateStringReading("", 0, 0);
        return match.Success;
    }

    private static string Unquoted(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetString() ?? "";
        }
        catch (JsonException)
        {
            return json;
        }
    }

    [GeneratedRegex("^dotnet-pprof leaks: duplicate string ([0-9]+) copies ([0-9]+) bytes (\".*\")$")]
    private static partial Regex DuplicatePattern();

    [GeneratedRegex("^dotnet-pprof leaks: ([a-z_]+) ([0-9]+) bytes$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^dotnet-pprof leaks: gc settings((?: [A-Za-z0-9]+=-?[0-9]+)*)(?: \\(from ([^)]+)\\))?$")]
    private static partial Regex SettingsPattern();
}
