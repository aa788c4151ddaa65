using Pprof;
using Pprof.Leaks;
using Pprof.Profiles;
using Pprof.Sources;

namespace DotnetPprof.Leaks;

/// <summary>
/// One tick of <c>leaks -url URL</c>: fetch each /debug/pprof endpoint (Go's or ours), keep the body as a file and
/// digest it. A text profile without a time gets the time it was fetched.
/// </summary>
internal sealed class UrlSampler(IReadOnlyList<Uri> urls) : ILiveSampler, IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);
    private readonly HttpClient _client = new() { Timeout = RequestTimeout };

    public string Target => string.Join(", ", urls);

    public string FolderName => urls[0].Host + (urls[0].IsDefaultPort ? "" : "_" + urls[0].Port);

    public LiveSample Take(int tick, string directory, CancellationToken stop)
    {
        var digests = new List<ProfileDigest>();
        var profiles = new List<LiveProfile>();
        foreach (var url in urls)
        {
            var fetched = DateTimeOffset.UtcNow;
            var body = Fetch(url, stop);
            var name = url.Segments[^1].Trim('/') is { Length: > 0 } last ? last : "profile";
            var extension = body is [0x1f, 0x8b, ..] ? "pb.gz" : "txt";
            var path = Path.Combine(directory, $"{FolderName}.{name}.{tick + 1:D2}.{extension}");
            File.WriteAllBytes(path, body);
            try
            {
                var profile = ProfileSource.Load(body);
                if (profile.TimeNanos == 0)
                {
                    profile.TimeNanos = fetched.ToUnixTimeMilliseconds() * 1_000_000;
                }

                profiles.Add(new LiveProfile(url.ToString(), profile));
                var digest = ProfileDigester.Digest(profile, path);
                digest.Reopen = () => ProfileSource.Load(path);
                digests.Add(digest);
            }
            catch (Exception error) when (error is ProfileFormatException or InvalidDataException)
            {
                throw new LeakInputException($"{url} sent something that is not a profile ({error.Message}); kept in {path}");
            }
        }

        var summary = string.Join(", ", digests.Select(d =>
            d.Shape == ProfileShape.Stacks ? $"{d.Total.Count} goroutines" : $"heap {Quantities.Format(d.Total.Bytes, false)}"));
        return new LiveSample(digests, profiles, null, summary);
    }

    private byte[] Fetch(Uri url, CancellationToken stop)
    {
        try
        {
            using var response = _client.GetAsync(url, stop).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new LiveTargetGoneException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return response.Content.ReadAsByteArrayAsync(stop).GetAwaiter().GetResult();
        }
        catch (HttpRequestException error)
        {
            throw new LiveTargetGoneException($"{url}: {error.Message}", error);
        }
        catch (TaskCanceledException error) when (!stop.IsCancellationRequested)
        {
            throw new LiveTargetGoneException($"{url} did not answer within {RequestTimeout.TotalSeconds:0} s", error);
        }
    }

    public void Dispose() => _client.Dispose();
}
