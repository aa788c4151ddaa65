using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pprof.Push;

/// <summary>
/// Pushes profiles to Grafana Pyroscope: one <c>POST /push.v1.PusherService/Push</c> (Connect over HTTP/1.1, a
/// protobuf body) per push, tried again with exponential backoff and full jitter on connection errors, timeouts, 429
/// and 5xx (never on another 4xx), waiting at least what <c>Retry-After</c> says, until the attempts or the deadline
/// run out.
/// </summary>
public sealed class PyroscopeClient : IPushSender
{
    public const string PushPath = "push.v1.PusherService/Push";
    public const string ContentType = "application/proto";
    public const string TenantHeader = "X-Scope-OrgID";
    private const int MaxReasonLength = 300;

    private readonly PushOptions _options;
    private readonly HttpClient _http;

    public PyroscopeClient(PushOptions options, HttpMessageHandler? handler = null)
    {
        options.Validate();
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = options.AttemptTimeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var server = options.Server.AbsoluteUri;
        PushUri = new Uri(new Uri(server.EndsWith('/') ? server : server + "/"), PushPath);
    }

    public Uri PushUri { get; }

    Uri IPushSender.Endpoint => PushUri;

    /// <summary>Sends the series in one request; returns the attempts it took, or throws <see cref="PushException"/>.</summary>
    public Task<int> PushAsync(IReadOnlyList<PushSeries> series, CancellationToken cancel = default) =>
        PushTries.PushAsync(this, _options, series, cancel);

    /// <inheritdoc/>
    public async Task<PushOutcome> SendAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel)
    {
        using var request = NewRequest(PushRequestEncoder.Encode(batch));
        try
        {
            using var response = await _http.SendAsync(request, cancel).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return PushOutcome.Sent;
            }

            var status = (int)response.StatusCode;
            var reason = await ReasonAsync(response, cancel).ConfigureAwait(false);
            return new PushOutcome(
                $"HTTP {status} {response.ReasonPhrase}{(reason.Length > 0 ? ": " + reason : "")}",
                PushOutcome.IsRetryableStatus(status),
                RetryAfter(response));
        }
        catch (HttpRequestException error)
        {
            return new PushOutcome(error.InnerException?.Message ?? error.Message, Retryable: true, RetryAfter: null);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // Not the caller's time: the handler's connect timeout.
            return new PushOutcome($"could not connect within {PushTries.Seconds(_options.AttemptTimeout)}", Retryable: true, RetryAfter: null);
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage NewRequest(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PushUri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        if (_options.Tenant is { } tenant)
        {
            request.Headers.Add(TenantHeader, tenant);
        }

        if (_options.BasicAuthUser is { } user)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.BasicAuthPassword}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }

        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _options.TimeProvider.GetUtcNow(),
        _ => null,
    };

    /// <summary>The server's reason on one line: Connect's JSON error message, or the start of the body.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                text = message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not Connect's JSON error: the body itself is the reason.
        }

        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length > MaxReasonLength ? line[..MaxReasonLength] + "..." : line;
    }
}
