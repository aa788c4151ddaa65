namespace Pprof.Web;

/// <summary>
/// The flame graph page's markup: the controls, the legend, the details line, the right-click menu and the canvas'
/// container; the frames come from <c>/ui/api/flamegraph</c>, drawn by flamegraph.js.
/// </summary>
internal static class FlameGraphPage
{
    public static readonly string[] Scripts = ["flamegraph.js", "flame-menu.js", "flame-keys.js"];

    /// <summary>The menu's entries: the view each opens and the parameter it sets to the frame's name, as pprof's menu has them.</summary>
    private static readonly (string View, string Parameter, string Label)[] MenuLinks =
    [
        ("source", "f", "Show source"),
        ("flamegraph", "f", "Focus"),
        ("flamegraph", "i", "Ignore"),
        ("flamegraph", "h", "Hide"),
        ("flamegraph", "sf", "Show from"),
        ("sandwich", "f", "Sandwich (callers and callees)"),
    ];

    /// <param name="carried">The query string of the view's parameters, for the data's URL.</param>
    public static string Html(string carried)
    {
        var html = new System.Text.StringBuilder();
        html.Append("<div class=\"flame-controls\"><label>search <input type=\"search\" id=\"flame-search\" placeholder=\"regexp (Enter pivots)\"></label>")
            .Append("<button type=\"button\" id=\"flame-reset\">Reset zoom</button><button type=\"button\" id=\"flame-layout\">Flame</button>")
            .Append("<span id=\"flame-pivot\" hidden>pivot <code></code> <button type=\"button\">Clear pivot</button></span>")
            .Append("<span id=\"flame-matched\"></span></div>\n")
            .Append("<pre class=\"legend\" id=\"flame-legend\"></pre><div id=\"flame-details\" class=\"details\">&nbsp;</div>\n")
            .Append("<div id=\"flame-menu\" class=\"menu\" role=\"menu\" hidden><div class=\"menu-title\"></div>");
        foreach (var (view, parameter, label) in MenuLinks)
        {
            html.Append("<a role=\"menuitem\" data-view=\"").Append(view).Append("\" data-param=\"").Append(parameter).Append("\">")
                .Append(label).Append("</a>");
        }

        return html.Append("<button type=\"button\" role=\"menuitem\" data-action=\"pivot\">Pivot</button>")
            .Append("<button type=\"button\" role=\"menuitem\" data-action=\"copy\">Copy name</button></div>\n")
            .Append("<div id=\"flamegraph\" tabindex=\"0\" data-api=\"api/flamegraph").Append(PageWriter.Encode(carried)).Append("\"></div>\n")
            .ToString();
    }
}
