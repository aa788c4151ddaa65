using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pprof.Tests.Push;

/// <summary>
/// Kestrel on 127.0.0.1 playing Grafana Pyroscope: it records every request and answers with the statuses it is
/// given, in order (200 once they run out).
/// </summary>
public sealed class FakePyroscope : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers;

    private FakePyroscope(WebApplication app, IEnumerable<int> answers)
    {
        _app = app;
        _answers = new ConcurrentQueue<int>(answers);
        _app.Run(RecordAsync);
    }

    public string Url => _app.Urls.Single();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakePyroscope> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakePyroscope(builder.Build(), answers);
        await server._app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Protocol,
            context.Request.ContentType,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));
        var status = _answers.TryDequeue(out var answer) ? answer : 200;
        context.Response.StatusCode = status;
        if (status == 200)
        {
            context.Response.ContentType = "application/proto";
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"code":"unavailable","message":"fake pyroscope says {{status}}"}""");
    }
}

public sealed record RecordedRequest(
    string Method, string Path, string Protocol, string? ContentType, Dictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
