namespace Pprof.Push;

/// <summary>
/// How profiles travel to the server: a batch of profiles becomes the requests that carry it (one for Pyroscope's
/// Connect API and for OTLP, one a profile for the legacy <c>/ingest</c>). A sender only posts the payloads.
/// </summary>
public interface IPushProtocol
{
    /// <summary>The endpoint, relative to the server's base URL, that errors and logs name.</summary>
    string Path { get; }

    /// <summary>Throws <see cref="PushConfigurationException"/> for a label this protocol cannot carry.</summary>
    void Validate(string service, IReadOnlyList<PushLabel> labels);

    IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushProfile> batch);
}
