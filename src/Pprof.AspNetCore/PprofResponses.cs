using System.Text;
using Microsoft.AspNetCore.Http;
using Pprof.Profiles;

namespace Pprof.AspNetCore;

/// <summary>Answers with the headers Go's net/http/pprof sets, so that tools that know Go's endpoints know these.</summary>
internal static class PprofResponses
{
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A gzipped profile.proto, as a download named after the profile.</summary>
    public static Task ProfileAsync(HttpContext context, string name, Profile profile)
    {
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        response.Headers.XContentTypeOptions = "nosniff";
        var body = ProfileWriter.ToBytes(profile);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    public static Task TextAsync(HttpContext context, string text, string contentType = PlainText)
    {
        context.Response.ContentType = contentType;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return WriteAsync(context, text);
    }

    /// <summary>An error as Go writes it: plain text, and <c>X-Go-Pprof: 1</c> so that pprof shows the message as is.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = PlainText;
        response.Headers.ContentDisposition = default;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["X-Go-Pprof"] = "1";
        return WriteAsync(context, message + "\n");
    }

    private static Task WriteAsync(HttpContext context, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
