using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Pprof.Push;

/// <summary>
/// Pushes profiles to Grafana Pyroscope, or over OTLP: a batch is encoded by the chosen protocol into its requests
/// (<see cref="Encode"/>), each sent over HTTP/1.1 by one try; a one-off push (<see cref="PushAsync"/>) is tried again
/// by <see cref="PushTries"/>, a stream of them by <see cref="ProfileDelivery"/>.
/// </summary>
public sealed class PyroscopeClient : IPushSender
{
    public const string TenantHeader = "X-Scope-OrgID";
    private const int MaxReasonLength = 300;

    private readonly PushOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly PushDump? _dump;
    private readonly ConditionalWeakTable<IReadOnlyList<PushSeries>, PendingPayloads> _pending = new();

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

    Uri IPushSender.Endpoint => PushUri;

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

    /// <summary>Sends the batch, tried again as <see cref="PushTries"/> says; returns the tries it took, or throws <see cref="PushException"/>.</summary>
    public Task<int> PushAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel = default) =>
        PushTries.PushAsync(this, _options, batch, cancel);

    /// <summary>
    /// One try: the batch's requests (encoded, and dumped, on its first try only) posted in order, each request the
    /// server took never posted again; the first that fails ends the try with its outcome.
    /// </summary>
    public async Task<PushOutcome> SendAsync(IReadOnlyList<PushSeries> batch, CancellationToken cancel)
    {
        var pending = _pending.GetValue(batch, b => new PendingPayloads(Encode(b)));
        while (pending.Next is { } payload)
        {
            var outcome = await SendAsync(payload, cancel).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                return outcome;
            }

            pending.Advance();
        }

        _pending.Remove(batch);
        return PushOutcome.Sent;
    }

    private async Task<PushOutcome> SendAsync(PushPayload payload, CancellationToken cancel)
    {
        using var request = NewRequest(payload);
        try
        {
            using var response = await _http.SendAsync(request, cancel).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
                return Protocol.Refusal(answer) is { } refusal ? new PushOutcome(refusal, Retryable: false, RetryAfter: null) : PushOutcome.Sent;
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

    /// <summary>A batch's requests and how many of them the server has taken, kept between its tries.</summary>
    private sealed class PendingPayloads(IReadOnlyList<PushPayload> payloads)
    {
        private int _sent;

        public PushPayload? Next => _sent < payloads.Count ? payloads[_sent] : null;

        public void Advance() => _sent++;
    }
}
