using System.Diagnostics.Metrics;

namespace Pprof.Push;

/// <summary>
/// The delivery's instruments, on the meter <c>Pprof.Push</c>: profiles sent, failed (given up after their tries) and
/// dropped (tagged with why), tries made again, profiles trimmed to the size limit, bytes sent and the latency of each successful request.
/// </summary>
internal sealed class PushMetrics : IDisposable
{
    public const string MeterName = "Pprof.Push";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _trimmed;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _latency;

    public PushMetrics()
    {
        Meter = new Meter(MeterName);
        _sent = Meter.CreateCounter<long>("pprof.push.sent", "{profile}", "Profiles the server accepted");
        _failed = Meter.CreateCounter<long>("pprof.push.failed", "{profile}", "Profiles given up on after their tries");
        _dropped = Meter.CreateCounter<long>("pprof.push.dropped", "{profile}", "Profiles never sent: the queue was full, they were too big, or delivery stopped");
        _retried = Meter.CreateCounter<long>("pprof.push.retried", "{request}", "Requests tried again after a retryable failure");
        _trimmed = Meter.CreateCounter<long>("pprof.push.trimmed", "{profile}", "Profiles trimmed to their heaviest samples to stay under the size limit");
        _bytes = Meter.CreateCounter<long>("pprof.push.bytes", "By", "Bytes of gzipped profiles the server accepted");
        _latency = Meter.CreateHistogram<double>("pprof.push.latency", "s", "Time of each successful push request");
    }

    public Meter Meter { get; }

    public void Sent(int profiles, long bytes, TimeSpan latency)
    {
        _sent.Add(profiles);
        _bytes.Add(bytes);
        _latency.Record(latency.TotalSeconds);
    }

    public void Failed(int profiles) => _failed.Add(profiles);

    public void Dropped(int profiles, string reason)
    {
        if (profiles > 0)
        {
            _dropped.Add(profiles, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Retried() => _retried.Add(1);

    public void Trimmed() => _trimmed.Add(1);

    public void Dispose() => Meter.Dispose();
}
