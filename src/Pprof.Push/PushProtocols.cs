using Pprof.Push.Ingest;
using Pprof.Push.Otlp;

namespace Pprof.Push;

/// <summary>The implementation of each <see cref="PushProtocol"/>.</summary>
public static class PushProtocols
{
    public static IPushProtocol Create(PushProtocol protocol, TimeProvider time) => protocol switch
    {
        PushProtocol.Connect => new ConnectProtocol(),
        PushProtocol.Ingest => new IngestProtocol(time),
        PushProtocol.Otlp => new OtlpProtocol(),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "not a push protocol"),
    };
}
