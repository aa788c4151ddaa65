using System.Diagnostics.CodeAnalysis;
using Pprof.Push;

namespace DotnetPprof.Push;

/// <summary>Where to push and with which labels, as the command line gave them; secrets come from the environment.</summary>
internal sealed record PushFlags(
    Uri Server,
    string Service,
    string[] Labels,
    string? Tenant,
    string? BasicAuthUser,
    string? PasswordVariable,
    string[] Headers)
{
    public const string Command = "dotnet-pprof push";

    /// <summary>The client's settings and the user's labels, checked; false, after one line on stderr, when they cannot work.</summary>
    public bool TryCheck(TextWriter stderr, [NotNullWhen(true)] out PushOptions? options, out PushLabel[] userLabels)
    {
        try
        {
            userLabels = UserLabels();
            options = Options();
            return true;
        }
        catch (PushConfigurationException error)
        {
            stderr.WriteLine($"{Command}: {error.Message}");
            (options, userLabels) = (null, []);
            return false;
        }
    }

    private PushLabel[] UserLabels()
    {
        PushLabel[] labels = [.. Labels.Select(text => Pair("--label", text)).Select(p => new PushLabel(p.Key, p.Value))];
        SeriesLabels.Validate(Service, labels);
        return labels;
    }

    private PushOptions Options()
    {
        var options = new PushOptions
        {
            Server = Server,
            Tenant = Tenant,
            BasicAuthUser = BasicAuthUser,
            BasicAuthPassword = PasswordVariable is null ? null : Secret(PasswordVariable),
            Headers = [.. Headers.Select(text => Pair("--header", text))],
        };
        options.Validate();
        return options;
    }

    /// <summary>A series per profile, named by its kind, with our labels and the user's.</summary>
    public PushSeries Series(Pprof.Profiles.Profile profile, PushLabel[] userLabels) => new(LabelsOf(profile, userLabels), [PushSample.Of(profile)]);

    public PushLabel[] LabelsOf(Pprof.Profiles.Profile profile, PushLabel[] userLabels) =>
        SeriesLabels.For(ProfileTypeName.Of(profile), Service, userLabels);

    private static KeyValuePair<string, string> Pair(string flag, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(text[..equals], text[(equals + 1)..])
            : throw new PushConfigurationException($"{flag} {text}: write it as NAME=VALUE");
    }

    private static string Secret(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new PushConfigurationException($"--basic-auth-password-env {variable}: that environment variable is not set");
}
