namespace Pprof.Push;

/// <summary>Pyroscope's Connect push: the whole batch in one <c>push.v1.PushRequest</c>.</summary>
internal sealed class ConnectProtocol : IPushProtocol
{
    public const string ContentType = "application/proto";

    public string? Refusal(ReadOnlySpan<byte> answer) => null;

    public string Path => "push.v1.PusherService/Push";

    public void Validate(string service, IReadOnlyList<PushLabel> labels)
    {
        // Pyroscope's own label rules, which SeriesLabels checks, are all Connect asks.
    }

    public IReadOnlyList<PushPayload> Encode(IReadOnlyList<PushSeries> batch) =>
        [new PushPayload(Path, ContentType, PushRequestEncoder.Encode(batch), [.. batch.Select(s => s.Name)])];
}
