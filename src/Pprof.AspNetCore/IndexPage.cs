using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pprof.AspNetCore;

/// <summary>The <c>/debug/pprof/</c> page, laid out as Go's: a link per profile, then what each one is.</summary>
internal sealed class IndexPage(PprofOptions options, string prefix)
{
    public Task ServeAsync(HttpContext context)
    {
        var root = WebUtility.HtmlEncode($"{context.Request.PathBase}{prefix.TrimEnd('/')}/");
        var available = ProfileCatalog.Available(options);
        var html = new StringBuilder();
        html.Append($$"""
            <html>
            <head>
            <title>{{root}}</title>
            <style>
            .profile-name{
            	display:inline-block;
            	width:6rem;
            }
            </style>
            </head>
            <body>
            {{root}}
            <br>
            <p>Set debug=1 as a query parameter to export in legacy text format</p>
            <br>
            Types of profiles available:
            <table>
            <thead><td>Profile</td></thead>

            """);
        foreach (var (name, link, _) in available)
        {
            html.Append($"<tr><td><a href='{root}{link}'>{name}</a></td></tr>\n");
        }

        html.Append($"""
            </table>
            <a href="{root}goroutine?debug=2">full goroutine stack dump</a>
            <br>
            <p>
            Profile Descriptions:
            <ul>

            """);
        foreach (var (name, _, description) in available)
        {
            html.Append($"<li><div class=profile-name>{name}: </div> {WebUtility.HtmlEncode(description)}</li>\n");
        }

        html.Append("""
            </ul>
            </p>
            <p>
            Not available in .NET:
            <ul>

            """);
        foreach (var (name, reason) in ProfileCatalog.Unavailable)
        {
            html.Append($"<li><div class=profile-name>{name}: </div> {WebUtility.HtmlEncode(reason)}</li>\n");
        }

        html.Append("""
            </ul>
            </p>
            </body>
            </html>

            """);
        return PprofResponses.TextAsync(context, html.ToString(), "text/html; charset=utf-8");
    }
}
