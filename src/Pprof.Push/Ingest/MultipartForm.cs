using System.Security.Cryptography;
using System.Text;

namespace Pprof.Push.Ingest;

/// <summary>One file field of a form.</summary>
internal sealed record FormFile(string Name, string FileName, string ContentType, byte[] Content);

/// <summary>
/// A <c>multipart/form-data</c> body of file fields, written once so that every try sends the same bytes.
/// Pyroscope reads <c>profile</c> and <c>sample_type_config</c> only as files, so each part has a file name.
/// </summary>
internal static class MultipartForm
{
    public static (string ContentType, byte[] Body) Write(params FormFile[] files)
    {
        var boundary = Boundary(files);
        using var body = new MemoryStream();
        foreach (var file in files)
        {
            Ascii(body, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{file.Name}\"; filename=\"{file.FileName}\"\r\n"
                + $"Content-Type: {file.ContentType}\r\n\r\n");
            body.Write(file.Content);
            Ascii(body, "\r\n");
        }

        Ascii(body, $"--{boundary}--\r\n");
        return ($"multipart/form-data; boundary={boundary}", body.ToArray());
    }

    private static void Ascii(Stream body, string text) => body.Write(Encoding.ASCII.GetBytes(text));

    /// <summary>A random boundary that none of the files contains.</summary>
    private static string Boundary(FormFile[] files)
    {
        while (true)
        {
            var boundary = "dotnet-pprof-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var bytes = Encoding.ASCII.GetBytes(boundary);
            if (files.All(f => f.Content.AsSpan().IndexOf(bytes) < 0))
            {
                return boundary;
            }
        }
    }
}
