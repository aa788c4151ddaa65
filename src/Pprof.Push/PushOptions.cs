namespace Pprof.Push;

/// <summary>Where and how to push: the server, who we are to it, and how long to keep trying.</summary>
public sealed class PushOptions
{
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultFirstBackoff = TimeSpan.FromMilliseconds(500);
    public const int DefaultMaxAttempts = 3;

    /// <summary>Pyroscope's base URL, such as <c>http://pyroscope:4040</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>How the profiles travel: Pyroscope's Connect API (the default), its legacy <c>/ingest</c>, or OTLP.</summary>
    public PushProtocol Protocol { get; init; } = PushProtocol.Connect;

    /// <summary>When set, each pushed profile and each request (head and body) is also written there, for debugging.</summary>
    public string? DumpDirectory { get; init; }

    /// <summary>Sent as <c>X-Scope-OrgID</c> to a multi-tenant Pyroscope.</summary>
    public string? Tenant { get; init; }

    public string? BasicAuthUser { get; init; }

    public string? BasicAuthPassword { get; init; }

    /// <summary>Extra request headers, such as a proxy's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Tries of one push, the first included; only connection errors, timeouts, 429 and 5xx are tried again.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>How long one try may take, connecting included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = DefaultAttemptTimeout;

    /// <summary>How long one push may take, all tries and the waits between them included.</summary>
    public TimeSpan Deadline { get; init; } = DefaultDeadline;

    /// <summary>The longest wait before the second try; it doubles for each later one (full jitter: a random part of it).</summary>
    public TimeSpan FirstBackoff { get; init; } = DefaultFirstBackoff;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="PushConfigurationException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Server.IsAbsoluteUri || Server.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(Server.Query))
        {
            throw new PushConfigurationException($"server {Server}: give Pyroscope's base URL, such as http://pyroscope:4040");
        }

        if ((BasicAuthUser is null) != (BasicAuthPassword is null))
        {
            throw new PushConfigurationException("basic auth needs both a user and a password");
        }

        if (BasicAuthUser?.Contains(':', StringComparison.Ordinal) == true)
        {
            throw new PushConfigurationException($"basic auth user '{BasicAuthUser}': a user name cannot contain ':'");
        }

        if (MaxAttempts < 1 || AttemptTimeout <= TimeSpan.Zero || Deadline <= TimeSpan.Zero || FirstBackoff < TimeSpan.Zero)
        {
            throw new PushConfigurationException("attempts, timeout and deadline must be positive");
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new PushConfigurationException($"protocol {Protocol}: use connect, ingest or otlp");
        }

        if (DumpDirectory is not null)
        {
            PushDump.Prepare(DumpDirectory);
        }

        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || !probe.Headers.TryAddWithoutValidation(name, value))
            {
                throw new PushConfigurationException($"header {name}: not a request header that push can set");
            }
        }
    }
}
