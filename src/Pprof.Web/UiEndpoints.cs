using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The routes under <c>/ui/</c>, named as pprof's: each view is a page that reads its query as pprof does, and the
/// flame graph's data comes from <c>/ui/api/</c>, aggregated here, never sample by sample.
/// </summary>
internal sealed class UiEndpoints
{
    private readonly WebUiSettings _settings;
    private readonly PageWriter _pages;
    private readonly ViewCache _cache = new();
    private readonly Lazy<byte[]> _download;

    public UiEndpoints(WebUiSettings settings)
    {
        _settings = settings;
        _pages = new PageWriter(settings.Title, settings.Profile.SampleTypes, settings.Profile.DefaultSampleType, MoreViews.Navigation(settings));
        _download = new(() => ProfileWriter.ToBytes(settings.Profile));
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/", Redirect);
        app.MapGet("/ui/", Page("flamegraph", FlameGraphPage));
        app.MapGet("/ui/flamegraph", Page("flamegraph", FlameGraphPage));
        app.MapGet("/ui/top", Page("top", TopPage));
        app.MapGet("/ui/graph", Page("graph", GraphPage));
        app.MapGet("/ui/peek", Page("peek", PeekPage));
        app.MapGet("/ui/source", Page("source", SourcePage));
        app.MapGet("/ui/api/flamegraph", Api(FlameGraphData));
        app.MapGet("/ui/api/top", Api(TopData));
        app.MapGet("/ui/api/graph.svg", Api(GraphPicture));
        app.MapGet("/ui/download", Download);
        app.MapGet("/ui/assets/{name}", Asset);
        MoreViews.Map(app, new ViewContext(_settings, _cache, Top, Page, Api));
    }

    private static Task Redirect(HttpContext context)
    {
        context.Response.Redirect("/ui/" + context.Request.QueryString);
        return Task.CompletedTask;
    }

    private RequestDelegate Page(string view, Func<ViewQuery, IQueryCollection, string> body) =>
        Page(view, body, view == "flamegraph" ? "flamegraph.js" : null);

    private RequestDelegate Page(string view, Func<ViewQuery, IQueryCollection, string> body, string? script) => async context =>
    {
        var query = context.Request.Query;
        ViewQuery? read = null;
        string html;
        try
        {
            read = Read(query);
            html = _pages.Page(view, query, read.Options, body(read, query), script);
        }
        catch (Exception error) when (Failure(error) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            html = _pages.Page(view, query, read?.Options, $"<p class=\"error\">{PageWriter.Encode(failure.Message)}</p>\n");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    };

    private RequestDelegate Api(Func<ViewQuery, (byte[] Body, string ContentType)> answer) => async context =>
    {
        byte[] body;
        string contentType;
        try
        {
            (body, contentType) = answer(Read(context.Request.Query));
        }
        catch (Exception error) when (Failure(error) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            (body, contentType) = (Encoding.UTF8.GetBytes(failure.Message + "\n"), "text/plain; charset=utf-8");
        }

        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body);
    };

    /// <summary>What a request that failed is told: the user's mistakes are 4xx with their message, anything else a 500 in one line.</summary>
    private (int Status, string Message)? Failure(Exception error)
    {
        switch (error)
        {
            case BadQueryException:
                return (StatusCodes.Status400BadRequest, error.Message);
            case RegexMatchTimeoutException:
                return (StatusCodes.Status400BadRequest, $"a regular expression took longer than {ViewQuery.RegexTimeout.TotalSeconds:0}s to match: simplify it");
            case ReportException or ViewUnavailableException:
                return (StatusCodes.Status404NotFound, error.Message);
            case ArgumentException:
                return (StatusCodes.Status400BadRequest, error.Message);
            default:
                _settings.Log.WriteLine($"dotnet-pprof: web UI: internal error: {error.Message}");
                return (StatusCodes.Status500InternalServerError, "internal error: " + error.Message);
        }
    }

    private ViewQuery Read(IQueryCollection query) => ViewQuery.Read(query, _settings.Options, _settings.Profile.SampleTypes);

    private ProfileReport Report(ViewQuery query) => new(_settings.Profile, query.Options);

    private TopTable Top(ViewQuery query) => _cache.Get("top", query.Key, () => Report(query).Top());

    private string FlameGraphPage(ViewQuery query, IQueryCollection raw) =>
        "<div class=\"flame-controls\"><label>search <input type=\"search\" id=\"flame-search\" placeholder=\"regexp\"></label>" +
        "<button type=\"button\" id=\"flame-reset\">Reset zoom</button><span id=\"flame-matched\"></span></div>\n" +
        $"<pre class=\"legend\" id=\"flame-legend\"></pre><div id=\"flame-details\" class=\"details\">&nbsp;</div>\n" +
        $"<div id=\"flamegraph\" data-api=\"/ui/api/flamegraph{PageWriter.Encode(ViewQuery.Carried(raw))}\"></div>\n";

    private (byte[], string) FlameGraphData(ViewQuery query) =>
        (_cache.Get("flamegraph", query.Key, () => FlameGraphJson.Write(Report(query).CallTree(), Top(query))), "application/json");

    private string TopPage(ViewQuery query, IQueryCollection raw)
    {
        var table = Top(query);
        var html = new StringBuilder();
        AppendLegend(html, table.Legend);
        html.Append("<table class=\"top\"><thead><tr><th>flat</th><th>flat%</th><th>sum%</th><th>cum</th><th>cum%</th><th>name</th></tr></thead><tbody>\n");
        foreach (var cells in TopLines.Rows(table))
        {
            html.Append("<tr>");
            for (var i = 0; i < cells.Length - 1; i++)
            {
                html.Append("<td>").Append(PageWriter.Encode(cells[i])).Append("</td>");
            }

            html.Append("<td class=\"name\">").Append(PageWriter.Encode(cells[^1])).Append("</td></tr>\n");
        }

        return html.Append("</tbody></table>\n").ToString();
    }

    private (byte[], string) TopData(ViewQuery query)
    {
        var table = Top(query);
        return (ViewJson.Write(table, json =>
        {
            json.WriteNumber("total", table.Total);
            json.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                json.WriteNumber("flat", row.Flat);
                json.WriteNumber("cum", row.Cum);
                json.WriteString("flatText", row.FlatText);
                json.WriteString("cumText", row.CumText);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }), "application/json");
    }

    private string GraphPage(ViewQuery query, IQueryCollection raw)
    {
        try
        {
            GraphSvg(query);
            return $"<img class=\"graph\" alt=\"call graph\" src=\"/ui/api/graph.svg{PageWriter.Encode(ViewQuery.Carried(raw))}\">\n";
        }
        catch (ReportException error)
        {
            // Without Graphviz the graph is still there, as the DOT text dot would have drawn.
            return $"<p class=\"error\">{PageWriter.Encode(error.Message)}</p>\n<pre class=\"report\">{PageWriter.Encode(Report(query).ToText(ReportFormat.Dot))}</pre>\n";
        }
    }

    private (byte[], string) GraphPicture(ViewQuery query) => (GraphSvg(query), "image/svg+xml");

    private byte[] GraphSvg(ViewQuery query) => _cache.Get("graph", query.Key, () =>
    {
        using var svg = new MemoryStream();
        Report(query).Write(ReportFormat.Image, svg);
        return svg.ToArray();
    });

    private string PeekPage(ViewQuery query, IQueryCollection raw) =>
        SymbolReport(query, ReportFormat.Tree, "peek", "to see its callers and callees");

    private string SourcePage(ViewQuery query, IQueryCollection raw) =>
        SymbolReport(query, ReportFormat.List, "source", "to list its source with each line's values");

    /// <summary>Peek and source report on the functions that the focus (<c>f</c>) matches, as pprof's views do.</summary>
    private string SymbolReport(ViewQuery query, ReportFormat format, string view, string purpose)
    {
        if (query.Options.Filter.Focus is not { } symbol)
        {
            return $"<p class=\"hint\">Give a function's regexp as the focus (f) {purpose}.</p>\n";
        }

        var text = _cache.Get(view, query.Key, () => Report(query).ToText(format, symbol));
        return $"<pre class=\"report\">{PageWriter.Encode(text)}</pre>\n";
    }

    private async Task Download(HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"profile.pb.gz\"";
        await context.Response.Body.WriteAsync(_download.Value);
    }

    private static async Task Asset(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        using var stream = typeof(UiEndpoints).Assembly.GetManifestResourceStream("Pprof.Web.Assets." + name);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        await stream.CopyToAsync(context.Response.Body);
    }

    private static void AppendLegend(StringBuilder html, IReadOnlyList<string> legend) =>
        html.Append("<pre class=\"legend\">").Append(PageWriter.Encode(string.Join('\n', legend))).Append("</pre>\n");
}
