using System.Globalization;
using System.Net;
using System.Web;

namespace Pprof.Driver;

/// <summary>
/// Fetches profiles over HTTP as <c>go tool pprof</c> does: <c>http://</c>, <c>https://</c>,
/// <c>https+insecure://</c> or a bare <c>host:port/path</c>; an empty path means <c>/debug/pprof/profile</c>;
/// <c>-seconds</c> becomes the <c>seconds</c> query parameter; the timeout defaults to 1.5 × seconds, else 60 s.
/// Unlike Go's client, it takes no answer over <see cref="FetchPolicy.MaxBodyBytes"/> and follows redirects only on
/// the same host unless <see cref="FetchPolicy.CrossHostRedirects"/>.
/// </summary>
/// <param name="client">The client to fetch with; by default one of the fetcher's own, which follows no redirect itself.</param>
internal sealed class ProfileFetcher(Action<string> messages, FetchPolicy? policy = null, HttpClient? client = null)
{
    /// <summary>As many redirects as Go's HTTP client follows.</summary>
    private const int MaxRedirects = 10;

    private readonly FetchPolicy _policy = policy ?? new FetchPolicy();

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
        using var ownClient = client is null ? CreateClient(source.Insecure) : null;
        using var timeout = new CancellationTokenSource(source.Timeout);
        try
        {
            return FetchAsync(client ?? ownClient!, source.Url, timeout.Token).GetAwaiter().GetResult();
        }
        catch (HttpRequestException error)
        {
            throw new ProfileLoadException($"{source.Url}: {error.Message}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new ProfileLoadException($"{source.Url}: no answer within {source.Timeout.TotalSeconds:0} s (use -timeout to wait longer)");
        }
        catch (OperationCanceledException error)
        {
            // An injected client's own timeout.
            throw new ProfileLoadException($"{source.Url}: {error.Message}");
        }
    }

    /// <summary>Keeps a fetched profile as Go's tool does: <c>$PPROF_TMPDIR</c> or <c>~/pprof</c>, <c>pprof.BINARY.TYPES.NNN.pb.gz</c>.</summary>
    /// <returns>The file written, or null when it could not be written (then the report goes on, as in pprof).</returns>
    public string? Save(Profiles.Profile profile)
    {
        // $HOME as it is, made if need be, as Go's os.UserHomeDir gives it: not "" (then ./pprof) where it does not exist yet.
        var directory = Environment.GetEnvironmentVariable("PPROF_TMPDIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), "pprof");
        var prefix = SavedFileNames.Prefix(profile);
        try
        {
            Directory.CreateDirectory(directory);
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

            messages($"Could not save profile: no free file name for {prefix}NNN.pb.gz in {directory}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            messages($"Could not save profile in {directory}: {error.Message}");
        }

        return null;
    }

    private static HttpClient CreateClient(bool insecure)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
        if (insecure)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private async Task<byte[]> FetchAsync(HttpClient http, Uri url, CancellationToken cancel)
    {
        var current = url;
        for (var redirects = 0; ; redirects++)
        {
            using var response = await http.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, cancel);
            // A client that follows redirects itself has followed them by now: its last request says where to.
            var answered = response.RequestMessage?.RequestUri ?? current;
            CheckRedirect(url, answered);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (redirects == MaxRedirects)
                {
                    throw new ProfileLoadException($"{url}: stopped after {MaxRedirects} redirects");
                }

                current = new Uri(answered, location);
                CheckRedirect(url, current);
                continue;
            }

            var body = await ReadBodyAsync(response, url, cancel);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = IsText(response) ? System.Text.Encoding.UTF8.GetString(body).Trim().ReplaceLineEndings(" ") : "";
                throw new ProfileLoadException(
                    $"{url}: server answered {(int)response.StatusCode} {response.ReasonPhrase}{(reason.Length != 0 ? ": " + reason : "")}");
            }

            return body;
        }
    }

    /// <summary>Redirects stay on the profiled host unless <c>-cross_host_redirects</c> says otherwise, and never leave https for http.</summary>
    private void CheckRedirect(Uri origin, Uri target)
    {
        if (target.Scheme == Uri.UriSchemeHttp && origin.Scheme == Uri.UriSchemeHttps)
        {
            throw new ProfileLoadException($"{origin}: the server redirects to {target}, which is not https: not followed");
        }

        if (!_policy.CrossHostRedirects && !string.Equals(origin.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProfileLoadException(
                $"{origin}: the server redirects to {target}, another host: not followed (use -cross_host_redirects to follow it)");
        }
    }

    /// <summary>Reads the body up to the cap, stopping as soon as it is known to be larger.</summary>
    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, Uri url, CancellationToken cancel)
    {
        var limit = _policy.MaxBodyBytes;
        var tooLarge = new ProfileLoadException(
            $"{url}: the answer is larger than {FormatSize(limit)} (use -max_body_mb to accept more)");
        if (response.Content.Headers.ContentLength > limit)
        {
            throw tooLarge;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancel);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw tooLarge;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string FormatSize(long bytes) => bytes % (1 << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    private static bool IsText(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType?.StartsWith("text/", StringComparison.Ordinal) == true;
}

/// <summary>A profile to fetch: its URL, whether to accept any certificate (<c>https+insecure</c>) and how long to wait.</summary>
internal sealed record RemoteSource(Uri Url, bool Insecure, TimeSpan Timeout);

/// <summary>What a fetch accepts: how large an answer (<c>-max_body_mb</c>), and redirects to other hosts (<c>-cross_host_redirects</c>).</summary>
internal sealed record FetchPolicy
{
    public const long DefaultMaxBodyBytes = 512L << 20;

    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    public bool CrossHostRedirects { get; init; }
}
