using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pprof.Push;

/// <summary>
/// Pushes profiles to Grafana Pyroscope, or over OTLP: a batch is encoded by the chosen protocol into its requests
/// (<see cref="Encode"/>), and each is sent over HTTP/1.1 (<see cref="SendAsync"/>), tried again with exponential
/// backoff and full jitter on connection errors, timeouts, 429 and 5xx (never on another 4xx), waiting at least what
/// <c>Retry-After</c> says, until the attempts or the deadline run out.
/// </summary>
public sealed class PyroscopeClient : IDisposable
{
    public const string TenantHeader = "X-Scope-OrgID";
    private const int MaxReasonLength = 300;

    private readonly PushOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly PushDump? _dump;

    public PyroscopeClient(PushOptions options, HttpMessageHandler? handler = null)
    {
        options.Validate();
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = options.AttemptTimeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var server = options.Server.AbsoluteUri;
        _base = new Uri(server.EndsWith('/') ? server : server + "/");
        Protocol = PushProtocols.Create(options.Protocol, options.TimeProvider);
        PushUri = new Uri(_base, Protocol.Path);
        _dump = options.DumpDirectory is { } directory ? new PushDump(directory) : null;
    }

    public IPushProtocol Protocol { get; }

    /// <summary>The endpoint the protocol posts to, as errors name it.</summary>
    public Uri PushUri { get; }

    /// <summary>Encodes a batch into the requests that carry it (and writes them to the dump directory, if any).</summary>
    public IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushSeries> batch)
    {
        var payloads = Protocol.Encode(batch);
        if (_dump is not null)
        {
            var requests = payloads.Select(NewRequest).ToList();
            try
            {
                _dump.Write(batch, requests, payloads);
            }
            finally
            {
                requests.ForEach(r => r.Dispose());
            }
        }

        return payloads;
    }

    /// <summary>
    /// Encodes and sends a batch, request after request; returns the most attempts a request took, or throws
    /// <see cref="PushException"/> at the first request that failed.
    /// </summary>
    public async Task<int> PushAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel = default)
    {
        var attempts = 0;
        foreach (var payload in Encode(batch))
        {
            attempts = Math.Max(attempts, await SendAsync(payload, cancel).ConfigureAwait(false));
        }

        return attempts;
    }

    /// <summary>Sends one encoded request; returns the attempts it took, or throws <see cref="PushException"/>.</summary>
    public async Task<int> SendAsync(PushPayload payload, CancellationToken cancel = default)
    {
        using var deadline = new CancellationTokenSource(_options.Deadline, _options.TimeProvider);
        using var pushing = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline.Token);
        for (var attempt = 1; ; attempt++)
        {
            var failure = await AttemptAsync(payload, pushing.Token, cancel).ConfigureAwait(false);
            if (failure is null)
            {
                return attempt;
            }

            if (!failure.Retryable)
            {
                throw new PushException($"{PushUri}: {failure.Reason}");
            }

            if (attempt == _options.MaxAttempts)
            {
                throw new PushException($"{PushUri}: {failure.Reason} (gave up after {Attempts(attempt)})");
            }

            try
            {
                await Task.Delay(Backoff(attempt, failure.RetryAfter), _options.TimeProvider, pushing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw new PushException($"{PushUri}: {failure.Reason} (deadline of {_options.Deadline.TotalSeconds:0.###}s passed after {Attempts(attempt)})");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private async Task<Failure?> AttemptAsync(PushPayload payload, CancellationToken pushing, CancellationToken cancel)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _options.TimeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(pushing, timeout.Token);
        using var request = NewRequest(payload);
        try
        {
            using var response = await _http.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
                return Protocol.Refusal(answer) is { } refusal ? new Failure(refusal, Retryable: false, RetryAfter: null) : null;
            }

            var status = (int)response.StatusCode;
            var reason = await ReasonAsync(response, attempt.Token).ConfigureAwait(false);
            return new Failure(
                $"HTTP {status} {response.ReasonPhrase}{(reason.Length > 0 ? ": " + reason : "")}",
                Retryable: status is 429 or >= 500,
                RetryAfter(response));
        }
        catch (HttpRequestException error)
        {
            return new Failure(error.InnerException?.Message ?? error.Message, Retryable: true, RetryAfter: null);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            // Not the caller: the deadline, or this try's time (ours, or the handler's connect timeout).
            return pushing.IsCancellationRequested
                ? throw new PushException($"{PushUri}: no answer before the deadline of {_options.Deadline.TotalSeconds:0.###}s")
                : new Failure($"no answer within {_options.AttemptTimeout.TotalSeconds:0.###}s", Retryable: true, RetryAfter: null);
        }
    }

    private HttpRequestMessage NewRequest(PushPayload payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, payload.Target))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(payload.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(payload.ContentType);
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

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = _options.FirstBackoff * Math.Pow(2, attempt - 1);
        var jittered = ceiling * Random.Shared.NextDouble();
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
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

    private sealed record Failure(string Reason, bool Retryable, TimeSpan? RetryAfter);
}
