using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pprof.AspNetCore;

namespace Pprof.Tests.AspNetCore;

/// <summary>Only clients on this machine are served unless AllowRemote says otherwise.</summary>
public sealed class RemoteClientTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.0.2.7", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:192.0.2.7", false)]
    [InlineData(null, false)]
    public async Task The_handler_serves_loopback_clients_only(string? client, bool served)
    {
        var context = await ServeAsync(client, new PprofOptions());

        Assert.Equal(served ? StatusCodes.Status204NoContent : StatusCodes.Status403Forbidden, context.Response.StatusCode);
        if (!served)
        {
            Assert.Equal("1", context.Response.Headers["X-Go-Pprof"]);
        }
    }

    [Fact]
    public async Task AllowRemote_serves_any_client()
    {
        var context = await ServeAsync("192.0.2.7", new PprofOptions { AllowRemote = true });

        Assert.Equal(StatusCodes.Status204NoContent, context.Response.StatusCode);
    }

    /// <summary>
    /// A real app behind a proxy on this machine, as the docs advise: forwarded headers make the client's address
    /// the one the proxy names. (Only loopback is used: no test sends traffic to another address.)
    /// </summary>
    [Theory]
    [InlineData(false, HttpStatusCode.Forbidden)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task A_client_forwarded_from_another_machine_is_refused_unless_AllowRemote(bool allowRemote, HttpStatusCode status)
    {
        await using var app = await StartBehindProxyAsync(allowRemote);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/debug/pprof/cmdline") { Headers = { { "X-Forwarded-For", "192.0.2.7" } } };

        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        if (!allowRemote)
        {
            Assert.StartsWith(ClientPolicy.Refusal, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<DefaultHttpContext> ServeAsync(string? client, PprofOptions options)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = client is null ? null : IPAddress.Parse(client);
        context.Response.Body = new MemoryStream();
        var handler = new PprofHandler(options, NullLogger.Instance).Wrap(c =>
        {
            c.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        await handler(context);
        return context;
    }

    private static async Task<WebApplication> StartBehindProxyAsync(bool allowRemote)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddPprof(options => options.AllowRemote = allowRemote);
        var app = builder.Build();
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.MapPprof();
        await app.StartAsync();
        return app;
    }
}
