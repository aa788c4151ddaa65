namespace Pprof.Push;

/// <summary>
/// How a batch of series travels to the server: it becomes the requests that carry it (one for Pyroscope's Connect
/// API and for OTLP, one a profile for the legacy <c>/ingest</c>), encoded once and sent as they are, however many
/// times a sender tries them.
/// </summary>
public interface IPushProtocol
{
    /// <summary>The endpoint, relative to the server's base URL, that errors and logs name.</summary>
    string Path { get; }

    /// <summary>Throws <see cref="PushConfigurationException"/> for a service or label this protocol cannot carry.</summary>
    void Validate(string service, IReadOnlyList<PushLabel> labels);

    IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushSeries> batch);

    /// <summary>
    /// Why a server that answered 2xx still refused some of the profiles, from its answer's body, or null when it took
    /// them all. Such a refusal is not tried again: the same request would be refused the same way.
    /// </summary>
    string? Refusal(ReadOnlySpan<byte> answer);
}
