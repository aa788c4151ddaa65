using System.Text;

namespace Pprof.Push;

/// <summary>
/// The labels of a pushed series: ours (<c>__name__</c>, <c>service_name</c>, <c>__delta__</c>,
/// <c>__session_id__</c>), the host's (<see cref="HostLabels"/>) and the user's, checked here against Pyroscope's
/// default validation so that a label it would refuse fails before anything is sent.
/// </summary>
public static class SeriesLabels
{
    public const string ProfileName = "__name__";
    public const string ServiceName = "service_name";
    public const string Delta = "__delta__";
    public const string SessionId = "__session_id__";

    /// <summary>Pyroscope's defaults: <c>validation.max-length-label-name</c>, <c>-label-value</c>, <c>max-label-names-per-series</c>.</summary>
    public const int MaxNameLength = 1024;
    public const int MaxValueLength = 2048;
    public const int MaxLabels = 30;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks the user's labels and the service name; throws <see cref="PushConfigurationException"/> naming the first bad one.</summary>
    public static void Validate(string service, IReadOnlyList<PushLabel> user)
    {
        if (string.IsNullOrWhiteSpace(service))
        {
            throw new PushConfigurationException("the service name is empty: Pyroscope needs one");
        }

        CheckValue(ServiceName, service);
        var seen = new HashSet<string>(StringComparer.Ordinal) { ProfileName, ServiceName, Delta, SessionId };
        foreach (var (name, value) in user)
        {
            CheckName(name);
            CheckValue(name, value);
            if (!seen.Add(name.Replace('.', '_')))
            {
                throw new PushConfigurationException(name is ServiceName
                    ? "label service_name: give the service as the service name instead"
                    : $"label {name}: given twice (Pyroscope before 2.0 reads dots as underscores)");
            }
        }

        var ours = 4 + HostLabels.Names.Count;
        seen.UnionWith(HostLabels.Names.Select(n => n.Replace('.', '_')));
        if (seen.Count > MaxLabels)
        {
            throw new PushConfigurationException($"{user.Count} labels: Pyroscope takes at most {MaxLabels} per series, {ours} of them ours");
        }
    }

    /// <summary>A series' labels: ours, then the host's that the user did not give, then the user's (already validated).</summary>
    public static PushLabel[] For(string profileName, string service, IReadOnlyList<PushLabel> host, IReadOnlyList<PushLabel> user) =>
    [
        new(ProfileName, profileName),
        new(ServiceName, service),
        new(Delta, "false"),
        new(SessionId, PushSession.Id),
        .. host.Where(h => !user.Any(u => u.Name == h.Name)),
        .. user,
    ];

    private static void CheckName(string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new PushConfigurationException($"label {name}: names starting with __ are Pyroscope's own");
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || name[0] == '.'
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            throw new PushConfigurationException(
                $"label name '{name}': use letters, digits, _ and . only, not starting with a digit (Pyroscope's rule)");
        }

        if (name.Length > MaxNameLength)
        {
            throw new PushConfigurationException($"label name '{name[..32]}...': longer than Pyroscope's {MaxNameLength} bytes");
        }
    }

    private static void CheckValue(string name, string value)
    {
        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            throw new PushConfigurationException($"label {name}: the value is not valid Unicode");
        }

        if (value.Length == 0)
        {
            throw new PushConfigurationException($"label {name}: the value is empty (Pyroscope drops such labels)");
        }

        if (bytes > MaxValueLength)
        {
            throw new PushConfigurationException($"label {name}: the value is {bytes} bytes, over Pyroscope's {MaxValueLength}");
        }
    }
}
