using System.Globalization;
using System.Text;

namespace Pprof.Push;

/// <summary>
/// <c>--dump-dir</c>: each push also written to disk, numbered in order: every profile as gzipped pprof
/// (<c>000001-1-process_cpu.pb.gz</c>) and every request as its head (<c>000001-request-1.http</c>: method, URL and
/// headers, the credentials masked) and its exact body (<c>000001-request-1.body</c>).
/// </summary>
internal sealed class PushDump(string directory)
{
    private const string Masked = "(masked)";
    private int _pushes;

    /// <summary>Creates the directory, or throws <see cref="PushConfigurationException"/> naming why it cannot be.</summary>
    public static void Prepare(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PushConfigurationException($"dump directory {directory}: {error.Message}");
        }
    }

    /// <summary>Writes one push; a file that cannot be written fails it with <see cref="PushException"/> naming the file.</summary>
    public void Write(IReadOnlyList<PushSeries> batch, IReadOnlyList<HttpRequestMessage> requests, IReadOnlyList<PushPayload> payloads)
    {
        var push = Interlocked.Increment(ref _pushes).ToString("D6", CultureInfo.InvariantCulture);
        var profile = 0;
        foreach (var series in batch)
        {
            foreach (var sample in series.Samples)
            {
                Save($"{push}-{++profile}-{series.Name}.pb.gz", sample.RawProfile.ToArray());
            }
        }

        for (var i = 0; i < payloads.Count; i++)
        {
            Save($"{push}-request-{i + 1}.http", Encoding.UTF8.GetBytes(Head(requests[i], payloads[i])));
            Save($"{push}-request-{i + 1}.body", payloads[i].Body);
        }
    }

    private static string Head(HttpRequestMessage request, PushPayload payload)
    {
        var head = new StringBuilder()
            .Append(request.Method).Append(' ').Append(request.RequestUri).Append(" HTTP/1.1\n")
            .Append("Content-Type: ").Append(payload.ContentType).Append('\n')
            .Append("Content-Length: ").Append(payload.Body.Length).Append('\n');
        foreach (var (name, values) in request.Headers)
        {
            var value = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Masked : string.Join(", ", values);
            head.Append(name).Append(": ").Append(value).Append('\n');
        }

        return head.ToString();
    }

    private void Save(string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        try
        {
            File.WriteAllBytes(path, content);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new PushException($"dump {path}: {error.Message}", error);
        }
    }
}
