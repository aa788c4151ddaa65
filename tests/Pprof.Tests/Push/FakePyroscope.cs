using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pprof.Tests.Push;

/// <summary>
/// Kestrel on 127.0.0.1 playing Grafana Pyroscope: it records every request and answers with the statuses it is
/// given, in order (200 once they run out); <see cref="NoAnswer"/> holds the request open until the client gives up.
/// </summary>
public sealed class FakePyroscope : IAsyncDisposable
{
    private readonly WebApplication _app;
    public const int NoAnswer = 0;

    private readonly ConcurrentQueue<int> _answers;
    private readonly SemaphoreSlim _arrived = new(0);

    private FakePyroscope(WebApplication app, IEnumerable<int> answers)
    {
        _app = app;
        _answers = new ConcurrentQueue<int>(answers);
        _app.Run(RecordAsync);
    }

    public string Url => _app.Urls.Single();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The body of every 200, when set.</summary>
    public byte[]? SuccessBody { get; set; }

    /// <summary>Sent with every 429 and 503, when set.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>Waits for the next request to arrive; false when none came within <paramref name="timeout"/>.</summary>
    public bool WaitForRequest(TimeSpan timeout) => _arrived.Wait(timeout);

    public static Task<FakePyroscope> StartAsync(params int[] answers) => StartAsync(null, answers);

    public static async Task<FakePyroscope> StartAsync(string? retryAfter, params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakePyroscope(builder.Build(), answers) { RetryAfter = retryAfter };
        await server._app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

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
            body.ToArray(),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal)));
        _arrived.Release();
        var status = _answers.TryDequeue(out var answer) ? answer : 200;
        if (status == NoAnswer)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = status;
        if (status is 429 or 503 && RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = RetryAfter;
        }

        if (status == 200)
        {
            context.Response.ContentType = "application/proto";
            if (SuccessBody is { } success)
            {
                await context.Response.Body.WriteAsync(success);
            }

            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"code":"unavailable","message":"fake pyroscope says {{status}}"}""");
    }
}

public sealed record RecordedRequest(
    string Method, string Path, string Protocol, string? ContentType, Dictionary<string, string> Headers, byte[] Body,
    Dictionary<string, string> Query)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
