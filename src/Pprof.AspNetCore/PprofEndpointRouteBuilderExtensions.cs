using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pprof.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

public static class PprofEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Go's <c>/debug/pprof</c> endpoints (GET): the index, <c>heap</c>, <c>allocs</c>, <c>goroutine</c>,
    /// <c>threads</c>, <c>profile</c> and <c>cmdline</c>, and the web UI at <c>ui/</c> when
    /// <see cref="PprofOptions.ServeWebUi"/> is on. Needs <c>builder.Services.AddPprof()</c>.
    /// </summary>
    /// <returns>The endpoints' conventions, for example to chain <c>.RequireAuthorization()</c>.</returns>
    public static IEndpointConventionBuilder MapPprof(this IEndpointRouteBuilder endpoints, string prefix = "/debug/pprof")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var services = endpoints.ServiceProvider;
        var history = services.GetService<AllocationHistory>()
            ?? throw new InvalidOperationException("app.MapPprof() needs builder.Services.AddPprof() first");
        var options = services.GetRequiredService<IOptions<PprofOptions>>().Value;
        var handler = new PprofHandler(options, services.GetRequiredService<ILoggerFactory>().CreateLogger("Pprof.AspNetCore"));
        var profiles = new ProfileEndpoints(options, history);
        var path = "/" + prefix.Trim('/');
        var index = new IndexPage(options, path);

        var group = endpoints.MapGroup(path);
        group.MapGet("/", handler.Wrap(index.ServeAsync));
        group.MapGet("/heap", handler.Wrap(profiles.HeapAsync));
        group.MapGet("/allocs", handler.Wrap(profiles.AllocsAsync));
        group.MapGet("/goroutine", handler.Wrap(context => profiles.ThreadsAsync(context, "goroutine")));
        group.MapGet("/threads", handler.Wrap(context => profiles.ThreadsAsync(context, "threads")));
        group.MapGet("/profile", handler.Wrap(profiles.CpuAsync));
        group.MapGet("/cmdline", handler.Wrap(CommandLineEndpoint.ServeAsync));
        if (options.ServeWebUi)
        {
            var ui = new LiveWebUi(options, history, services, path);
            group.MapGet("/ui/", ui.ListAsync);
            group.Map("/ui/{kind}/{**rest}", ui.ServeAsync);
        }

        group.MapGet("/{name}", handler.Wrap(UnknownProfileEndpoint.ServeAsync));
        return group;
    }
}
