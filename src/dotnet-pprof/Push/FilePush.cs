using Pprof;
using Pprof.Push;
using Pprof.Sources;

namespace DotnetPprof.Push;

/// <summary>One push of profiles on disk: settings checked, files read, then one request with a series per file.</summary>
internal sealed class FilePush(
    string[] files,
    Uri server,
    string service,
    string[] labels,
    string? tenant,
    string? basicAuthUser,
    string? passwordVariable,
    string[] headers)
{
    private const string Command = "dotnet-pprof push";

    public int Run(TextWriter stdout, TextWriter stderr)
    {
        PushOptions options;
        PushLabel[] userLabels;
        try
        {
            userLabels = [.. labels.Select(text => Pair("--label", text)).Select(p => new PushLabel(p.Key, p.Value))];
            SeriesLabels.Validate(service, userLabels);
            options = new PushOptions
            {
                Server = server,
                Tenant = tenant,
                BasicAuthUser = basicAuthUser,
                BasicAuthPassword = passwordVariable is null ? null : Secret(passwordVariable),
                Headers = [.. headers.Select(text => Pair("--header", text))],
            };
            options.Validate();
        }
        catch (PushConfigurationException error)
        {
            stderr.WriteLine($"{Command}: {error.Message}");
            return 2;
        }

        var series = new List<PushSeries>(files.Length);
        foreach (var file in files)
        {
            try
            {
                var profile = ProfileSource.Load(file);
                series.Add(new PushSeries(SeriesLabels.For(ProfileTypeName.Of(profile), service, userLabels), [PushSample.Of(profile)]));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or ProfileFormatException)
            {
                stderr.WriteLine($"{Command}: {file}: {error.Message}");
                return 1;
            }
        }

        using var client = new PyroscopeClient(options);
        try
        {
            var attempts = client.PushAsync(series).GetAwaiter().GetResult();
            var retried = attempts > 1 ? $" after {attempts} attempts" : "";
            stdout.WriteLine($"Pushed {files.Length} profile{(files.Length == 1 ? "" : "s")} of {service} to {client.PushUri}{retried}");
            return 0;
        }
        catch (PushException error)
        {
            stderr.WriteLine($"{Command}: {error.Message}");
            return 1;
        }
    }

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
