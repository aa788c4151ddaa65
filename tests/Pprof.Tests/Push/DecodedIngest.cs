using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Pprof.Sources;

namespace Pprof.Tests.Push;

/// <summary>
/// A <c>POST /ingest</c> read back as Pyroscope reads it: the query parameters, and the multipart form parsed by
/// ASP.NET's own reader, which must hold exactly the file fields <c>profile</c> (gzipped pprof) and
/// <c>sample_type_config</c> (JSON).
/// </summary>
public sealed record DecodedIngest(
    Dictionary<string, string> Query, byte[] GzippedProfile, JsonElement SampleTypeConfig)
{
    public Pprof.Profiles.Profile Profile
    {
        get
        {
            Assert.Equal([0x1f, 0x8b], GzippedProfile[..2]);
            using var gunzip = new GZipStream(new MemoryStream(GzippedProfile), CompressionMode.Decompress);
            return ProfileSource.Load(gunzip);
        }
    }

    public static async Task<DecodedIngest> ReadAsync(RecordedRequest request)
    {
        Assert.Equal(("POST", "/ingest", "HTTP/1.1"), (request.Method, request.Path, request.Protocol));
        var contentType = MediaTypeHeaderValue.Parse(request.ContentType);
        Assert.Equal("multipart/form-data", contentType.MediaType.Value);
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(request.Body));
        var files = new Dictionary<string, (string FileName, string? ContentType, byte[] Content)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            Assert.True(disposition.IsFileDisposition(), $"{disposition.Name} is not a file field, and Pyroscope reads only files");
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content);
            files.Add(HeaderUtilities.RemoveQuotes(disposition.Name).Value!,
                (HeaderUtilities.RemoveQuotes(disposition.FileName).Value!, section.ContentType, content.ToArray()));
        }

        Assert.Equal(["profile", "sample_type_config"], files.Keys);
        Assert.Equal(("profile.pprof", "application/octet-stream"), (files["profile"].FileName, files["profile"].ContentType));
        Assert.Equal(("sample_type_config.json", "application/json"),
            (files["sample_type_config"].FileName, files["sample_type_config"].ContentType));
        using var config = JsonDocument.Parse(files["sample_type_config"].Content);
        return new DecodedIngest(request.Query, files["profile"].Content, config.RootElement.Clone());
    }
}
