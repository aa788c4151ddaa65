namespace Pprof.Push;

/// <summary>The protocols a push can speak.</summary>
public enum PushProtocol
{
    /// <summary>Pyroscope's Connect API, <c>POST /push.v1.PusherService/Push</c>: the default.</summary>
    Connect,

    /// <summary>Pyroscope's legacy HTTP API, <c>POST /ingest</c>, one multipart request a profile.</summary>
    Ingest,

    /// <summary>The OpenTelemetry profiles signal over OTLP/HTTP, <c>POST /v1development/profiles</c> (development stage).</summary>
    Otlp,
}
