using Pprof.Collector;
using Pprof.Push;

namespace Pprof.AspNetCore;

/// <summary>
/// What <c>options.PushTo(url, push =&gt; ...)</c> sends to Grafana Pyroscope, and how often. Checked when the host
/// starts: a setting that cannot work stops the start with one message naming it.
/// </summary>
public sealed class PprofPushOptions
{
    internal PprofPushOptions(string server) => Server = server;

    /// <summary>Pyroscope's base URL, as given to <c>PushTo</c>.</summary>
    public string Server { get; }

    /// <summary>The <c>service_name</c> label; by default the app's name (<c>IHostEnvironment.ApplicationName</c>).</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// How the profiles travel: Pyroscope's Connect API (the default), its legacy <c>/ingest</c>, or OTLP profiles to
    /// Pyroscope or an OpenTelemetry Collector (see docs/push.md).
    /// </summary>
    public PushProtocol Protocol { get; set; } = PushProtocol.Connect;

    /// <summary>The window: CPU and allocations are collected over it, then pushed; at least 1 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The profiles of each window. CPU and allocations cover the whole window; with
    /// <see cref="PprofOptions.SampleAllocationsFromStart"/> the allocations are the window's share of the running
    /// total. <see cref="ProfileKind.Threads"/> takes 200 ms (<see cref="ProfileCollector.RepeatedThreadsDuration"/>); <see cref="ProfileKind.Heap"/> is a snapshot that forces
    /// a full GC each window.
    /// </summary>
    public ISet<ProfileKind> Profiles { get; } = new HashSet<ProfileKind> { ProfileKind.Cpu, ProfileKind.Allocs };

    /// <summary>Labels of every series, checked against Pyroscope's rules.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Sent as <c>X-Scope-OrgID</c> to a multi-tenant Pyroscope.</summary>
    public string? Tenant { get; set; }

    public string? BasicAuthUser { get; set; }

    /// <summary>Read it from configuration or a secret store, not from source code.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>Extra request headers, such as a proxy's.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many profiles may wait for a slow or absent server; the oldest are dropped.</summary>
    public int MaxQueuedProfiles { get; set; } = DeliveryOptions.DefaultMaxQueuedProfiles;

    /// <summary>How many bytes of (gzipped) profiles may wait; the oldest are dropped.</summary>
    public long MaxQueuedBytes { get; set; } = DeliveryOptions.DefaultMaxQueuedBytes;

    /// <summary>How long the host's shutdown may spend sending what is queued.</summary>
    public TimeSpan FlushTimeout { get; set; } = DeliveryOptions.DefaultFlushTimeout;

    internal PushOptions Client(TimeProvider time)
    {
        if (!Uri.TryCreate(Server, UriKind.Absolute, out var server))
        {
            throw new PushConfigurationException($"server {Server}: give Pyroscope's base URL, such as http://pyroscope:4040");
        }

        var options = new PushOptions
        {
            Server = server,
            Tenant = Tenant,
            BasicAuthUser = BasicAuthUser,
            BasicAuthPassword = BasicAuthPassword,
            Headers = [.. Headers],
            Protocol = Protocol,
            TimeProvider = time,
        };
        options.Validate();
        return options;
    }

    internal DeliveryOptions Delivery()
    {
        var delivery = new DeliveryOptions { MaxQueuedProfiles = MaxQueuedProfiles, MaxQueuedBytes = MaxQueuedBytes, FlushTimeout = FlushTimeout };
        delivery.Validate();
        return delivery;
    }

    internal PushLabel[] UserLabels(string service)
    {
        PushLabel[] labels = [.. Labels.Select(label => new PushLabel(label.Key, label.Value))];
        SeriesLabels.Validate(service, labels);
        PushProtocols.Create(Protocol, TimeProvider.System).Validate(service, labels);
        return labels;
    }

    /// <summary>Every setting checked; throws <see cref="PushConfigurationException"/> naming the first that cannot work.</summary>
    internal void Validate(string applicationName)
    {
        Client(TimeProvider.System);
        Delivery();
        UserLabels(ServiceName ?? applicationName);
        if (Interval < TimeSpan.FromSeconds(1))
        {
            throw new PushConfigurationException($"interval {Interval}: push windows of 1 s or more");
        }

        if (Profiles.Count == 0)
        {
            throw new PushConfigurationException("no profiles to push: leave Profiles at its default (cpu and allocations) or add some");
        }
    }
}
