using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Sources;

namespace Pprof.Web;

/// <summary>
/// The routes under <c>/ui/</c>, named as pprof's: each view is a page that reads its query as pprof does, and the
/// flame graph's data comes from <c>/ui/api/</c>, aggregated here, never sample by sample.
/// </summary>
internal sealed class UiEndpoints
{
    /// <summary>The scripts of the views that have some, in the order they run.</summary>
    private static readonly Dictionary<string, string[]> Scripts = new(StringComparer.Ordinal)
    {
        ["flamegraph"] = Pprof.Web.FlameGraphPage.Scripts,
        ["graph"] = ["graph.js"],
        ["top"] = Pprof.Web.TopPage.Scripts,
        ["sandwich"] = MoreViews.Scripts,
        ["diff"] = MoreViews.Scripts,
        ["leaks"] = LeaksView.Scripts,
    };

    /// <summary>Up to this many samples the first view is computed before it is asked for (see <see cref="Prepare"/>).</summary>
    private const int PreparedSamples = 2_000_000;

    private readonly WebUiSettings _settings;
    private readonly PageWriter _pages;
    private readonly ViewCache _cache = new();

    /// <summary>Call trees are the largest answers (arrays of the size of the profile's stacks): one is kept.</summary>
    private readonly ViewCache _callTrees = new(capacity: 1, large: true);
    private readonly WidestTreeCache _widestTrees = new();
    private readonly ProgressBoard _progress = new();
    private readonly CallTreeSources _callTreeSources;
    private readonly TaskCompletionSource _flameGraphAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<byte[]> _download;
    private readonly SavedConfigs _configs;

    /// <summary>What the other views compute ahead for the first view's query (<see cref="MoreViews.Map"/>).</summary>
    private IReadOnlyList<(string Step, Action<ViewQuery> Compute)> _moreViewsAhead = [];

    public UiEndpoints(WebUiSettings settings)
    {
        _settings = settings;
        _configs = new SavedConfigs(settings.SettingsFile);
        _callTreeSources = new CallTreeSources(_progress);
        _pages = new PageWriter(
            settings.Title, settings.Profile.SampleTypes, settings.Profile.DefaultSampleType, settings.Options, _configs, MoreViews.Navigation(settings));
        // pprof merges every source it loads; the profile served is left unmerged, which reports do not need.
        _download = new(() => ProfileWriter.ToBytes(ProfileSource.Merge([settings.Profile])));
    }

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/", Page("flamegraph", FlameGraphPage));
        app.MapGet("/ui/flamegraph", Page("flamegraph", FlameGraphPage));
        // pprof's older names of its flame graph, which its users' bookmarks still have.
        app.MapGet("/ui/flamegraph2", ToFlameGraph);
        app.MapGet("/ui/flamegraphold", ToFlameGraph);
        app.MapGet("/ui/top", Page("top", TopPage));
        app.MapGet("/ui/graph", Page("graph", GraphPage));
        app.MapGet("/ui/peek", Page("peek", PeekPage));
        app.MapGet("/ui/source", Page("source", SourcePage));
        app.MapGet("/ui/api/flamegraph", Api(FlameGraphData));
        app.MapGet("/ui/api/top", Api(TopData));
        app.MapGet("/ui/api/graph.svg", Api(GraphPicture));
        app.MapGet("/ui/api/progress", Api(ProgressData));
        app.MapGet("/ui/download", Download);
        app.MapGet("/ui/download/filtered", Api(query => (Written(query, ReportFormat.Proto), "application/octet-stream"), "filtered.pb.gz"));
        app.MapGet("/ui/download/collapsed", Api(query => (Written(query, ReportFormat.Collapsed), "text/plain; charset=utf-8"), "collapsed.txt"));
        app.MapGet("/ui/download/flamegraph.svg", Api(query => (Written(query, ReportFormat.FlameGraph), "image/svg+xml"), "flamegraph.svg"));
        new ConfigEndpoints(_configs, query => Read(query)).Map(app);
        app.MapGet("/ui/assets/{name}", Asset);
        _moreViewsAhead = MoreViews.Map(app, new ViewContext(_settings, _cache, Top, CallTree, Page, answer => Api(answer)) {
            CallTreeKeepsSamples = CallTreeKeepsSamples,
            Summary = Summary,
            DerivationSource = DerivationSource,
            ComputedCallTree = query => _callTrees.Computed<CallTreeTable>("calltree", query.Key),
            LargeAnswers = _callTrees,
        });
    }

    /// <summary>A permanent redirect to the flame graph with the same query, relative so that it works under any prefix.</summary>
    private static Task ToFlameGraph(HttpContext context)
    {
        context.Response.Redirect("flamegraph" + context.Request.QueryString, permanent: true);
        return Task.CompletedTask;
    }

    private RequestDelegate Page(string view, Func<ViewQuery, IQueryCollection, string> body) => async context =>
    {
        var query = context.Request.Query;
        ViewQuery? read = null;
        string html;
        try
        {
            read = Read(query);
            html = _pages.Page(view, query, read.Options, body(read, query), Scripts.GetValueOrDefault(view, []));
        }
        catch (Exception error) when (Failure(error) is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            html = _pages.Page(view, query, read?.Options, $"<p class=\"error\">{PageWriter.Encode(failure.Message)}</p>\n");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
    };

    /// <param name="fileName">For a download: the name a browser saves it under.</param>
    private RequestDelegate Api(Func<ViewQuery, (byte[] Body, string ContentType)> answer, string? fileName = null) =>
        Api((query, _) => answer(query), fileName);

    /// <param name="fileName">For a download: the name a browser saves it under.</param>
    private RequestDelegate Api(Func<ViewQuery, IQueryCollection, (byte[] Body, string ContentType)> answer, string? fileName = null) => async context =>
    {
        byte[] body;
        string contentType;
        try
        {
            (body, contentType) = answer(Read(context.Request.Query), context.Request.Query);
            if (fileName is not null)
            {
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            }
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
            // Passes run side by side (the flame graph and its legend) fail together: the request failed as the first did.
            case AggregateException { InnerExceptions: [var first, ..] }:
                return Failure(first);
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

    private TopTable Top(ViewQuery query) => _cache.Get("top", query.Key, () =>
    {
        using var step = _progress.Step("summing the top table");
        return Report(query).Top();
    });

    /// <summary>The legend of a picture: the top table's when that is computed, else summed without the table's edges.</summary>
    private ReportSummary Summary(ViewQuery query) => _cache.Computed<TopTable>("top", query.Key)?.Summary ?? _cache.Get("summary", query.Key, () =>
    {
        using var step = _progress.Step("summing the legend");
        return Report(query).Summary();
    });

    private string FlameGraphPage(ViewQuery query, IQueryCollection raw) => Pprof.Web.FlameGraphPage.Html(ViewQuery.Carried(raw));

    /// <summary>The flame graph from the root, or with <c>node</c> the subtree of that frame, which the page asks for when it zooms.</summary>
    private (byte[], string) FlameGraphData(ViewQuery query, IQueryCollection raw)
    {
        var answer = FlameGraphJsonOf(query, FrameNumber(raw));
        _flameGraphAnswered.TrySetResult();
        return answer;
    }

    private (byte[], string) FlameGraphJsonOf(ViewQuery query, long node)
    {
        return (_cache.Get("flamegraph", $"{query.Key}node={node}", () =>
        {
            // The two passes over the samples share nothing: on two cores the legend costs nothing more. The calling
            // thread runs one of them, so that a busy thread pool cannot leave it waiting. Not for samples that stay
            // in the file: there memory is what counts, and the two copies of the profile's tables would add up.
            ReportSummary? summary = null;
            CallTreeTable? tree = null;
            if (_settings.Profile.Samples.StayInFile)
            {
                summary = Summary(query);
                tree = FlameGraphTree(query, node);
            }
            else
            {
                Parallel.Invoke(
                    () => summary = Summary(query),
                    () => tree = FlameGraphTree(query, node));
            }

            return FlameGraphJson.Write(tree ?? throw FlameGraphJson.NoSuchFrame(node, frames: null), node, summary!);
        }), "application/json");
    }

    private CallTreeTable CallTree(ViewQuery query)
    {
        // Found before the cache makes room for the new tree, which can drop the tree it is derived from.
        var source = _callTreeSources.For(query, key => _callTrees.Computed<CallTreeTable>("calltree", key));
        return _callTrees.Get("calltree", query.Key, () =>
        {
            if (source is not null)
            {
                using var deriving = _progress.Step("deriving the call tree");
                if (source.Derive(query.Options.SampleIndex, query.Options.Filter) is { } derived)
                {
                    return derived;
                }
            }

            using var step = _progress.Step("merging the stacks into a call tree");
            return Report(query).CallTreeTable();
        });
    }

    private bool CallTreeKeepsSamples(ViewQuery query) =>
        _callTrees.Computed<CallTreeTable>("calltree", query.Key) is { } computed ? computed.Samples is not null
        : CallTreeSamples.CanDerive(query.Options.Filter)
            && (query.Options.Filter is { Focus: null, Ignore: null } || DerivationSource(query) is not null);

    private CallTreeSamples? DerivationSource(ViewQuery query) => _callTreeSources.For(query, key => _callTrees.Computed<CallTreeTable>("calltree", key));

    /// <summary>
    /// The call tree that the picture of frame <paramref name="node"/>'s subtree is drawn from: the whole tree, kept
    /// for the next zoom; for a profile whose samples stay in the file, whose whole tree could take gigabytes, the
    /// frames of a picture, found in passes over the samples, or those of an earlier picture that hold this one; for
    /// a hide or show, the frames of a picture found in the tree without them.
    /// </summary>
    /// <returns>Null when no frame is <paramref name="node"/>.</returns>
    private CallTreeTable? FlameGraphTree(ViewQuery query, long node)
    {
        Func<CallTreeTable?, CallTreeTable?>? widest = _settings.Profile.Samples.StayInFile
            ? holding => Report(query).WidestCallTree(node, FlameGraphJson.NodeBudget, holding)
            : FramesRemoved(query) is { } removed ? _ => removed.Widest(node, FlameGraphJson.NodeBudget)
            : null;
        if (widest is null)
        {
            return CallTree(query);
        }

        return _widestTrees.Get(query.Key, node, FlameGraphJson.NodeBudget, holding =>
        {
            using var step = _progress.Step("finding the widest frames");
            return widest(holding);
        });
    }

    /// <summary>
    /// The tree with a hide or show that a flame graph is found in, widest frames first, in the tree without them:
    /// deriving the whole tree reads every node of it, where a picture needs thousands. Whether it is found there
    /// depends only on the query and the profile, so that a frame's id names the same frame in every answer.
    /// </summary>
    private RemovedFramesTree? FramesRemoved(ViewQuery query) =>
        RemovedFramesTree.RemovesFramesOnly(query.Options.Filter) && query.WithoutRemovedFrames() is { } whole
            ? CallTree(whole).WithoutFrames(query.Options.Filter)
            : null;

    /// <summary>
    /// Starts on the first page's data as soon as the server listens, so that the flame graph of a large profile is
    /// ready sooner; a page asking for it meanwhile waits for the same computation. Not past a few million samples
    /// held in memory: there the call tree can take gigabytes, which only a user who asks for the flame graph should
    /// spend. Samples that stay in the file are drawn from passes that hold a few dozen megabytes.
    /// </summary>
    public void Prepare()
    {
        if (_settings.Profile.Samples.Count > PreparedSamples && !_settings.Profile.Samples.StayInFile)
        {
            return;
        }

        // A thread of its own: the thread pool's few threads answer the pages meanwhile.
        new Thread(ComputeFirstView) { IsBackground = true, Name = "web UI: first view" }.Start();
    }

    private void ComputeFirstView()
    {
        ViewQuery query;
        CallTreeTable? first;
        try
        {
            query = Read(QueryCollection.Empty);
            FlameGraphJsonOf(query, 0);
            // Taken now: the pages' other trees can make the cache drop it while this thread waits and draws.
            first = _callTrees.Computed<CallTreeTable>("calltree", query.Key);
        }
        catch (Exception error) when (Failure(error) is not null)
        {
            // Told to the page that asks for it, with its status.
            return;
        }

        // Then, once a page has its flame graph and no longer waits for the server, what makes another sample type or
        // filter quick. Not for samples that stay in the file: there the graph's and the top table's passes would take
        // the server past the profile's decompressed size, which only a user who asks for those views should spend.
        _flameGraphAnswered.Task.Wait();
        if (_settings.Profile.Samples.StayInFile)
        {
            return;
        }

        // First the graph view, which the header links next to the flame graph: three passes over the samples, and
        // then dot; about a third of the time of what follows. Not the top table: at two passes it answers in time when
        // asked, and computing it first made every step after it later.
        Ahead(() =>
        {
            using var step = _progress.Step("drawing the call graph");
            GraphPicture(query);
        });

        foreach (var (what, compute) in _moreViewsAhead)
        {
            Ahead(() =>
            {
                using var step = _progress.Step(what);
                compute(query);
            });
        }

        if (first is not null)
        {
            _callTreeSources.MergeEverySample(query, first);
        }

        // The flame graph of another sample type waits for that type's legend too, a pass over the samples: the type
        // menu's choices find theirs computed.
        foreach (var type in _settings.Profile.SampleTypes)
        {
            Ahead(() => Summary(Read(new QueryCollection(new Dictionary<string, StringValues>(StringComparer.Ordinal) { ["si"] = type.Type }))));
        }
    }

    /// <summary>Computes what a page will ask for; a failure is told to the page that asks, with its status.</summary>
    private void Ahead(Action compute)
    {
        try
        {
            compute();
        }
        catch (Exception error) when (Failure(error) is not null)
        {
        }
    }

    private (byte[], string) ProgressData(ViewQuery query)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            ViewJson.WriteStrings(json, "running", _progress.Running());
            ViewJson.WriteStrings(json, "prepared", _callTreeSources.Prepared());
            json.WriteEndObject();
        }

        return (buffer.ToArray(), "application/json");
    }

    private static long FrameNumber(IQueryCollection raw) =>
        !raw.TryGetValue("node", out var given) || given.ToString().Length == 0 ? 0
        : long.TryParse(given.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var node) ? node
        : throw new BadQueryException($"node: {given} is not a frame number: zoom from the flame graph's page");

    private string TopPage(ViewQuery query, IQueryCollection raw) => Pprof.Web.TopPage.Html(Top(query), raw);

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
            Written(query, ReportFormat.Image);
            return $"<img class=\"graph\" alt=\"call graph\" src=\"api/graph.svg{PageWriter.Encode(ViewQuery.Carried(raw))}\">\n";
        }
        catch (ReportException error)
        {
            // Without Graphviz the graph is still there: graph.js draws it from the DOT text dot would have laid out.
            var dot = _cache.Get("graph dot", query.Key, () => Report(query).ToText(ReportFormat.Dot));
            return $"<p class=\"hint\" id=\"graph-without-dot\">{PageWriter.Encode(error.Message)}. Meanwhile this page draws the graph itself, from the DOT text below.</p>\n"
                + "<pre class=\"legend\" id=\"graph-legend\"></pre><div id=\"graph-drawn\"></div>\n"
                + $"<details><summary>DOT text</summary><pre class=\"report\" id=\"graph-dot\">{PageWriter.Encode(dot)}</pre></details>\n";
        }
    }

    private (byte[], string) GraphPicture(ViewQuery query) => (Written(query, ReportFormat.Image), "image/svg+xml");

    /// <summary>A report as the command line writes it, once per query.</summary>
    private byte[] Written(ViewQuery query, ReportFormat format) => _cache.Get("report " + format, query.Key, () =>
    {
        using var output = new MemoryStream();
        Report(query).Write(format, output);
        return output.ToArray();
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
}
