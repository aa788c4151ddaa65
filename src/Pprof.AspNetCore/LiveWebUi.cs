using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pprof.Collector;
using Pprof.Profiles;
using Pprof.Reports;
using Pprof.Web;

namespace Pprof.AspNetCore;

/// <summary>
/// <c>/debug/pprof/ui/</c>: the web UI of <c>dotnet-pprof -http</c> over this process. <c>ui/heap/</c>,
/// <c>ui/allocs/</c>, <c>ui/goroutine/</c> and <c>ui/profile/</c> each show a profile of that kind, taken when first
/// asked for and kept until <c>ui/KIND/refresh</c> takes a fresh one; the views under each are those of <c>-http</c>.
/// Loopback clients only.
/// </summary>
internal sealed class LiveWebUi(PprofOptions options, AllocationHistory history, IServiceProvider services, string prefix)
{
    private const string Refusal = "the pprof web UI answers only clients on this machine (loopback)";

    private static readonly (string Kind, string Description)[] Kinds =
    [
        ("heap", "live objects by type and the path that keeps them alive (the app pauses for the heap walk)"),
        ("allocs", "allocations sampled, by allocating stack and type"),
        ("goroutine", "the managed stack of every thread"),
        ("profile", "where managed code ran (CPU), sampled for a while"),
    ];

    private readonly ConcurrentDictionary<string, Lazy<Task<RequestDelegate>>> _views = new(StringComparer.Ordinal);

    /// <summary>The list of profile kinds, each a link to its views and one to take it afresh.</summary>
    public async Task ListAsync(HttpContext context)
    {
        if (!await AllowedAsync(context))
        {
            return;
        }

        var root = WebUtility.HtmlEncode($"{context.Request.PathBase}{prefix}/ui/");
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pprof web UI</title></head>\n<body>\n<h1>Profiles of this process</h1>\n<ul>\n");
        foreach (var (kind, description) in Kinds)
        {
            var taken = _views.TryGetValue(kind, out var view) && view.IsValueCreated ? " (taken: refresh for a fresh one)" : "";
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{root}{kind}/\">{kind}</a>: {description}{taken} <a href=\"{root}{kind}/refresh\">refresh</a></li>\n");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
        await context.Response.WriteAsync(html.Append("</ul>\n</body></html>\n").ToString());
    }

    /// <summary><c>ui/{kind}/{rest}</c>: the view <c>rest</c> of the kind's profile, taking the profile first when there is none.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        if (!await AllowedAsync(context))
        {
            return;
        }

        var kind = (string?)context.Request.RouteValues["kind"] ?? "";
        var rest = (string?)context.Request.RouteValues["rest"] ?? "";
        if (!Array.Exists(Kinds, k => k.Kind == kind))
        {
            await FailAsync(context, StatusCodes.Status404NotFound, $"no profile kind {kind}: choose one of {string.Join(", ", Kinds.Select(k => k.Kind))}");
            return;
        }

        // The views link relatively: from ui/heap/ they reach ui/heap/top, from ui/heap they would not.
        if (rest.Length == 0 && !context.Request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect($"{context.Request.PathBase}{context.Request.Path}/{context.Request.QueryString}");
            return;
        }

        if (rest == "refresh")
        {
            _views.TryRemove(kind, out _);
            context.Response.Redirect("./");
            return;
        }

        RequestDelegate views;
        try
        {
            views = await Views(kind, context);
        }
        catch (PprofRequestException refusal)
        {
            await FailAsync(context, refusal.Status, refusal.Message);
            return;
        }
        catch (CollectorException error)
        {
            await FailAsync(context, StatusCodes.Status500InternalServerError, "could not profile: " + error.Message);
            return;
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The request that started the collection went away, and took it along.
            await FailAsync(context, StatusCodes.Status503ServiceUnavailable, $"the {kind} profile was cancelled: reload to take it again");
            return;
        }

        var path = context.Request.Path;
        context.Request.Path = "/ui/" + rest;
        try
        {
            await views(context);
        }
        finally
        {
            context.Request.Path = path;
        }
    }

    private Task<RequestDelegate> Views(string kind, HttpContext context)
    {
        Lazy<Task<RequestDelegate>>? taking = null;
        taking = new(() =>
        {
            var task = TakeAsync(kind, context);
            // A failed collection (busy, aborted, refused) is tried afresh by the next request.
            task.ContinueWith(_ => _views.TryRemove(new(kind, taking!)), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
            return task;
        });
        return _views.GetOrAdd(kind, taking).Value;
    }

    private async Task<RequestDelegate> TakeAsync(string kind, HttpContext context)
    {
        var (collected, duration) = Collection(kind);
        var profile = kind == "allocs" && history.IsOn
            ? await history.TotalAsync(context.RequestAborted)
            : await CollectionRun.RunAsync(context, collected, duration);
        using var process = Process.GetCurrentProcess();
        var title = $"{kind} of {process.ProcessName} (pid {Environment.ProcessId}) at {DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture)}";
        return WebUi.CreateHandler(new WebUiSettings(profile, ReportOptions.Default, "127.0.0.1:0", title), services);
    }

    /// <summary>What a page kind collects, and over how long.</summary>
    private (ProfileKind Kind, TimeSpan Duration) Collection(string kind) => kind switch
    {
        "heap" => (ProfileKind.Heap, TimeSpan.Zero),
        "allocs" => (ProfileKind.Allocs, options.AllocationWindow),
        "goroutine" => (ProfileKind.Threads, ProfileCollector.DefaultDuration(ProfileKind.Threads)),
        _ => (ProfileKind.Cpu, TimeSpan.FromSeconds(ProfileEndpoints.CpuSeconds(options))),
    };

    private static async Task<bool> AllowedAsync(HttpContext context)
    {
        if (ClientPolicy.IsLoopback(context.Connection.RemoteIpAddress))
        {
            return true;
        }

        await FailAsync(context, StatusCodes.Status403Forbidden, Refusal);
        return false;
    }

    private static Task FailAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}
