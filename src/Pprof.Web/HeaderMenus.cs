using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pprof.Web;

/// <summary>
/// The header's two drop-down menus, plain HTML that works without scripts: the downloads of what the view shows, and
/// the saved configurations (pick one, save the current parameters under a name, delete one).
/// </summary>
internal static class HeaderMenus
{
    /// <summary>Each download's route and what the menu calls it; all but the first apply the view's parameters.</summary>
    public static readonly (string Route, string FileName, string Label)[] Downloads =
    [
        ("download", "profile.pb.gz", "Profile as loaded (.pb.gz)"),
        ("download/filtered", "filtered.pb.gz", "Profile, filtered as shown (.pb.gz)"),
        ("download/collapsed", "collapsed.txt", "Collapsed stacks (.txt)"),
        ("download/flamegraph.svg", "flamegraph.svg", "Flame graph (.svg)"),
    ];

    public static void AppendDownloads(StringBuilder html, string carried)
    {
        html.Append("<details class=\"dropdown\" id=\"downloads\"><summary>Download</summary><div class=\"menu\">");
        foreach (var (route, fileName, label) in Downloads)
        {
            html.Append("<a download=\"").Append(fileName).Append("\" href=\"").Append(route)
                .Append(route == "download" ? "" : PageWriter.Encode(carried)).Append("\">").Append(label).Append("</a>");
        }

        html.Append("</div></details>");
    }

    public static void AppendConfigs(StringBuilder html, string view, IQueryCollection query, SavedConfigs configs)
    {
        html.Append("<details class=\"dropdown\" id=\"configs\"><summary>Config</summary><div class=\"menu\">");
        var current = ViewQuery.Carried(query);
        html.Append("<a href=\"").Append(view).Append("\"").Append(current.Length == 0 ? " class=\"current\"" : "").Append(">Default</a>");
        try
        {
            foreach (var config in configs.All())
            {
                html.Append("<div class=\"config\"><a href=\"").Append(view).Append(PageWriter.Encode(config.Query)).Append('"')
                    .Append(config.Query == current ? " class=\"current\"" : "").Append('>').Append(PageWriter.Encode(config.Name)).Append("</a>")
                    .Append("<form method=\"post\" action=\"deleteconfig").Append(PageWriter.Encode(current)).Append("\">");
                AppendHidden(html, "config", config.Name);
                AppendHidden(html, "view", view);
                html.Append("<button type=\"submit\" title=\"Delete ").Append(PageWriter.Encode(config.Name)).Append("\">Delete</button></form></div>");
            }
        }
        catch (InvalidDataException error)
        {
            html.Append("<p class=\"error\">").Append(PageWriter.Encode(error.Message)).Append("</p>");
        }

        html.Append("<form method=\"post\" class=\"save\" action=\"saveconfig").Append(PageWriter.Encode(current)).Append("\">");
        AppendHidden(html, "view", view);
        html.Append("<input type=\"text\" name=\"config\" placeholder=\"name\" required aria-label=\"configuration name\">")
            .Append("<button type=\"submit\">Save current</button></form></div></details>");
    }

    private static void AppendHidden(StringBuilder html, string name, string value) =>
        html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(PageWriter.Encode(value)).Append("\">");
}
