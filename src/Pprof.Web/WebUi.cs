using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Pprof.Web;

/// <summary>
/// pprof's web interface (<c>-http</c>) on one profile: Kestrel on the address given, the views under <c>/ui/</c>.
/// Bound to a loopback address, it answers only loopback clients, as pprof does.
/// </summary>
public static class WebUi
{
    private const string SecurityPolicy = "default-src 'self'";

    /// <summary>Serves until Ctrl+C, SIGTERM or <paramref name="stop"/>; returns the exit status.</summary>
    /// <exception cref="WebUiException">The address is malformed or cannot be listened on.</exception>
    public static async Task<int> RunAsync(WebUiSettings settings, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = ListenAddress.Parse(settings.Address);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(address.Ip, address.Port));
        builder.Services.AddRoutingCore();
        await using var app = builder.Build();
        app.Use(Guard(address));
        app.MapGet("/", context =>
        {
            context.Response.Redirect("/ui/" + context.Request.QueryString);
            return Task.CompletedTask;
        });
        UiEndpoints? endpoints = null;
        if (settings.LiveSeries is not null)
        {
            app.Map("/ui/{**view}", new LiveSeriesViews(settings, app.Services).Handle);
        }
        else
        {
            endpoints = new UiEndpoints(settings);
            endpoints.Map(app);
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            await app.StartAsync(stop);
        }
        catch (IOException error)
        {
            throw new WebUiException($"-http={settings.Address}: cannot listen there ({error.Message}): choose another port, or :0 for a free one", isUsageMistake: false, error);
        }

        endpoints?.Prepare();
        var url = Url(address, app);
        settings.Log.WriteLine($"Serving web UI on {url}");
        var first = url + (settings.LiveSeries is null ? "/ui/" : "/ui/leaks");
        if (settings.OpenBrowser is { } open && !open(first))
        {
            settings.Log.WriteLine($"Could not open a web browser: open {first} yourself");
        }

        settings.Listening?.Invoke(url);

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: the normal end.
        }

        await app.StopAsync(CancellationToken.None);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>
    /// The interface as one request handler, for a host's own routes (<c>MapPprof</c>'s <c>/debug/pprof/ui/</c>): give
    /// it the requests whose path the host has made <c>/ui/…</c>; the pages link relatively, so they work under any
    /// prefix. It answers loopback clients only, with the same headers as <see cref="RunAsync"/>.
    /// </summary>
    /// <param name="services">The host's services; routing must be among them.</param>
    public static RequestDelegate CreateHandler(WebUiSettings settings, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Handler(settings, services, Guard(ListenAddress.Parse("127.0.0.1:0")));
    }

    /// <param name="guard">Who may ask and the headers of every answer; null where the host has applied it already.</param>
    internal static RequestDelegate Handler(WebUiSettings settings, IServiceProvider services, Func<HttpContext, RequestDelegate, Task>? guard)
    {
        var pipeline = new ApplicationBuilder(services);
        if (guard is not null)
        {
            pipeline.Use(guard);
        }

        pipeline.UseRouting();
        pipeline.UseEndpoints(endpoints => new UiEndpoints(settings).Map(endpoints));
        var handler = pipeline.Build();
        return context =>
        {
            // The host's routing chose its own endpoint; the interface's routing chooses again among the views.
            context.SetEndpoint(null);
            return handler(context);
        };
    }

    private static string Url(ListenAddress address, WebApplication app)
    {
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var host = address.Host.Contains(':', StringComparison.Ordinal) ? $"[{address.Host}]" : address.Host;
        return $"http://{host}:{port}";
    }

    /// <summary>Loopback clients only for a loopback server; no framing, sniffing or content from elsewhere.</summary>
    internal static Func<HttpContext, RequestDelegate, Task> Guard(ListenAddress address) => (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = SecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        if (address.IsLoopback && context.Connection.RemoteIpAddress is { } client
            && !IPAddress.IsLoopback(client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync("this web UI answers only its own machine: start it with -http=HOST:PORT on a reachable address to share it\n");
        }

        return next(context);
    };
}
