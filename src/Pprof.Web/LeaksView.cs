using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pprof.Leaks;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/leaks</c>: <c>dotnet-pprof leaks</c> on a series, its report and its picture of memory over time. The series
/// is the profile files given (two or more), or a live series as it comes: then the page says how far it has got and
/// reloads itself when a sample arrives (leaks.js asks <c>/ui/api/leaks.json</c>). The filters of the other views do
/// not apply: the series is judged as a whole.
/// </summary>
internal sealed class LeaksView(ViewContext context)
{
    public const int MinimumSeries = 2;

    public static readonly string[] Scripts = ["leaks.js"];

    private const string Route = "/ui/leaks";

    private static readonly string[] Routes = [Route, "/ui/api/leaks.svg", "/ui/api/leaks.json", "/ui/assets/"];

    /// <summary>Whether the leaks view answers <paramref name="path"/>: its page, its data, or the assets they use.</summary>
    public static bool Serves(PathString path) => Array.Exists(Routes, route => path.StartsWithSegments(route.TrimEnd('/'), StringComparison.Ordinal));

    public static bool Shows(WebUiSettings settings) => settings.LiveSeries is not null || settings.Series.Count >= MinimumSeries;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Route, context.Page("leaks", Page));
        app.MapGet("/ui/api/leaks.svg", context.Api(_ => (Encoding.UTF8.GetBytes(MemoryChart.Svg(Report(Judged()))), "image/svg+xml")));
        app.MapGet("/ui/api/leaks.json", Status);
    }

    private string Page(ViewQuery query, IQueryCollection raw)
    {
        var series = Judged();
        var html = new StringBuilder();
        if (series.State is { } state)
        {
            html.Append(LiveStatus(context.Settings.LiveSeries!, state));
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">The {series.Files.Count} profiles given, as dotnet-pprof leaks reads them: each on its own, in time order, with its defaults; the filters above do not apply here.</p>\n");
        }

        if (series.State is { Taken: < MinimumSeries })
        {
            return html.Append("<p class=\"hint\">The report and the picture come with the second sample.</p>\n").ToString();
        }

        var report = Report(series);
        using var text = new StringWriter { NewLine = "\n" };
        TextReportWriter.Write(report, series.Options.Thresholds, text);
        var (width, height) = MemoryChart.Size;
        return html.Append(CultureInfo.InvariantCulture, $"<img class=\"leaks\" alt=\"memory over time\" width=\"{width}\" height=\"{height}\" src=\"api/leaks.svg\">\n")
            .Append("<pre class=\"report\">").Append(PageWriter.Encode(text.ToString())).Append("</pre>\n").ToString();
    }

    /// <summary>How far the live series has got, with what leaks.js needs to follow it.</summary>
    private static string LiveStatus(LiveLeakSeries live, LiveLeakSeriesState state)
    {
        var taken = $"{state.Taken} of {live.Count} samples of {live.Target} taken";
        var wait = state.Next - DateTimeOffset.UtcNow;
        var (status, next) = state switch
        {
            { EndedEarly: { } why } => ($"{taken}: the series ended early ({why}).", ""),
            { Ended: true } => ($"{taken}: the series is complete.", ""),
            _ when wait > TimeSpan.Zero => ($"{taken}, the next in ", $"<span id=\"leaks-next\" data-ms=\"{(long)wait.Value.TotalMilliseconds}\"></span>."),
            _ => ($"{taken}, taking sample {state.Taken + 1} now.", ""),
        };
        return $"<p class=\"hint\" id=\"leaks-live\" data-version=\"{state.Version}\" data-ended=\"{(state.Ended ? "true" : "false")}\">"
            + $"{PageWriter.Encode(status)}{next}{Latest(state)}</p>\n";
    }

    /// <summary>Which profiles the other views show, each a link to its flame graph when a sample has several.</summary>
    private static string Latest(LiveLeakSeriesState state)
    {
        var profiles = state.LatestProfiles;
        if (profiles.Count <= 1)
        {
            return state.Taken == 0 ? "" : $" The other views show the latest sample ({state.Taken}).";
        }

        var links = profiles.Select((profile, i) =>
            $"<a href=\"{LiveSeriesViews.Root(i)}flamegraph\">{PageWriter.Encode(profile.Source)}</a>");
        return $" The other views show the latest sample ({state.Taken}), one profile at a time: {string.Join(", ", links)}.";
    }

    /// <summary><c>/ui/api/leaks.json</c>: how far a live series has got; its ETag is the series' version, so that asking again costs a 304.</summary>
    private async Task Status(HttpContext http)
    {
        if (context.Settings.LiveSeries is not { } live)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("no live series: start with dotnet-pprof leaks -p PID -http=:8080 (or -url URL)\n");
            return;
        }

        var state = live.State;
        var tag = $"\"{state.Version}\"";
        http.Response.Headers.ETag = tag;
        if (http.Request.Headers.IfNoneMatch.ToString() == tag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteNumber("version", state.Version);
        json.WriteNumber("taken", state.Taken);
        json.WriteNumber("count", live.Count);
        json.WriteBoolean("ended", state.Ended);
        json.WriteEndObject();
    }

    /// <summary>The series to judge: the live one's state at this moment, or the files given.</summary>
    private Series Judged()
    {
        if (context.Settings.LiveSeries is { } live)
        {
            return new Series(live.Options, [], live.State);
        }

        var files = context.Settings.Series;
        return files.Count >= MinimumSeries
            ? new Series(new LeakAnalysisOptions(), files, null)
            : throw new ViewUnavailableException("no series of profiles: give two or more profile files of one process, such as dotnet-pprof -http=:8080 heap.*.pb.gz");
    }

    private LeakReport Report(Series series) => context.Cache.Get("leaks", series.State is { } state ? $"version={state.Version}" : "", () =>
    {
        try
        {
            return series.State is { } state
                ? context.Settings.LiveSeries!.Analyse(state)
                : new LeakAnalysis(series.Options).Analyse(SeriesLoader.Load(series.Files));
        }
        catch (LeakInputException error)
        {
            throw new ViewUnavailableException("the profiles are not a series dotnet-pprof leaks can judge: " + error.Message);
        }
    });

    /// <param name="State">A live series' state; null for files.</param>
    private sealed record Series(LeakAnalysisOptions Options, IReadOnlyList<string> Files, LiveLeakSeriesState? State);
}
