using System.Globalization;
using System.Net;
using System.Web;

namespace Pprof.Driver;

/// <summary>
/// Fetches profiles over HTTP as <c>go tool pprof</c> does: <c>http://</c>, <c>https://</c>,
/// <c>https+insecure://</c> or a bare <c>host:port/path</c>; an empty path means <c>/debug/pprof/profile</c>;
/// <c>-seconds</c> becomes the <c>seconds</c> query parameter; the timeout defaults to 1.5 × seconds, else 60 s.
/// </summary>
internal sealed class ProfileFetcher(Action<string> messages)
{
    /// <summary>The remote profile a source stands for, or null when it is not a URL (then it is a file).</summary>
    public static RemoteSource? Parse(string source, int seconds, int timeoutSeconds)
    {
        if (File.Exists(source) || Directory.Exists(source)
            || (!source.Contains("://", StringComparison.Ordinal) && !source.Contains(':', StringComparison.Ordinal)))
        {
            return null;
        }

        const string InsecureScheme = "https+insecure://";
        var insecure = source.StartsWith(InsecureScheme, StringComparison.Ordinal);
        var candidate = insecure ? "https://" + source[InsecureScheme.Length..]
            : source.Contains("://", StringComparison.Ordinal) ? source : "http://" + source;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            return null;
        }

        var builder = new UriBuilder(url);
        if (builder.Path is "" or "/")
        {
            builder.Path = "/debug/pprof/profile";
        }

        var query = HttpUtility.ParseQueryString(builder.Query);
        if (seconds > 0)
        {
            query["seconds"] = seconds.ToString(CultureInfo.InvariantCulture);
        }
        else if (int.TryParse(query["seconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var fromUrl))
        {
            seconds = fromUrl;
        }

        builder.Query = query.ToString();
        var timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds)
            : seconds > 0 ? TimeSpan.FromSeconds(seconds * 1.5)
            : TimeSpan.FromSeconds(60);
        return new RemoteSource(builder.Uri, insecure, timeout);
    }

    /// <summary>Fetches the bytes of a profile; failures become one line naming the URL.</summary>
    public byte[] Fetch(RemoteSource source)
    {
        messages($"Fetching profile over HTTP from {source.Url}");
        using var handler = new HttpClientHandler();
        if (source.Insecure)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        using var client = new HttpClient(handler) { Timeout = source.Timeout };
        try
        {
            using var response = client.GetAsync(source.Url).GetAwaiter().GetResult();
            var body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = IsText(response) ? System.Text.Encoding.UTF8.GetString(body).Trim().ReplaceLineEndings(" ") : "";
                throw new ProfileLoadException(
                    $"{source.Url}: server answered {(int)response.StatusCode} {response.ReasonPhrase}{(reason.Length != 0 ? ": " + reason : "")}");
            }

            return body;
        }
        catch (HttpRequestException error)
        {
            throw new ProfileLoadException($"{source.Url}: {error.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new ProfileLoadException($"{source.Url}: no answer within {source.Timeout.TotalSeconds:0} s (use -timeout to wait longer)");
        }
    }

    /// <summary>Keeps a fetched profile as Go's tool does: <c>$PPROF_TMPDIR</c> or <c>~/pprof</c>, <c>pprof.BINARY.TYPES.NNN.pb.gz</c>.</summary>
    public string Save(Profiles.Profile profile)
    {
        var directory = Environment.GetEnvironmentVariable("PPROF_TMPDIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "pprof");
        Directory.CreateDirectory(directory);
        var prefix = "pprof.";
        if (profile.Mappings.Count > 0 && profile.Mappings[0].File.Length != 0)
        {
            prefix += Path.GetFileName(profile.Mappings[0].File) + ".";
        }

        prefix += string.Concat(profile.SampleTypes.Select(t => t.Type + "."));
        for (var i = 1; i < 10000; i++)
        {
            var path = Path.Combine(directory, $"{prefix}{i:000}.pb.gz");
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew);
                Profiles.ProfileWriter.Write(profile, file);
                messages("Saved profile in " + path);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Taken by an earlier fetch: try the next number.
            }
        }

        throw new OutputException($"cannot find a free file name for {prefix}NNN.pb.gz in {directory}");
    }

    private static bool IsText(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.StartsWith("text/", StringComparison.Ordinal) == true;
}

/// <summary>A profile to fetch: its URL, whether to accept any certificate (<c>https+insecure</c>) and how long to wait.</summary>
internal sealed record RemoteSource(Uri Url, bool Insecure, TimeSpan Timeout);
