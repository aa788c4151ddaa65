using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The HTML around every view: the profile's name, links to the other views carrying the query, the downloads, the
/// saved configurations and the filter form (a plain GET form, so that the URL is the state and Back works). Styles
/// and scripts are files of their own: the content security policy allows nothing inline.
/// </summary>
/// <param name="commandLine">The options of the command line, which a parameter not in the URL leaves as they are.</param>
/// <param name="moreViews">The views beyond pprof's, linked after its own.</param>
internal sealed class PageWriter(
    string title, IReadOnlyList<SampleType> sampleTypes, string defaultSampleType, ReportOptions commandLine, SavedConfigs configs,
    IReadOnlyList<(string Route, string Label)> moreViews)
{
    /// <summary>The filter form's text fields: parameter, label, and the option's value as a regexp.</summary>
    private static readonly (string Name, string Label, Func<ReportOptions, string> Value)[] TextFields =
    [
        ("f", "focus", o => o.Filter.Focus?.ToString() ?? ""),
        ("i", "ignore", o => o.Filter.Ignore?.ToString() ?? ""),
        ("h", "hide", o => o.Filter.Hide?.ToString() ?? ""),
        ("s", "show", o => o.Filter.Show?.ToString() ?? ""),
        ("sf", "show_from", o => o.Filter.ShowFrom?.ToString() ?? ""),
    ];

    private static readonly (string Route, string Label)[] Views =
    [
        ("flamegraph", "Flame graph"),
        ("top", "Top"),
        ("graph", "Graph"),
        ("peek", "Peek"),
        ("source", "Source"),
    ];

    private readonly (string Route, string Label)[] _views = [.. Views, .. moreViews];

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// Whether <paramref name="route"/> is a view a page can be (<c>top</c>, <c>peek</c>, <c>sandwich</c>, ...), such
    /// as the one a configuration saved from its menu goes back to.
    /// </summary>
    public static bool IsView(string route) => Array.Exists(Views, v => v.Route == route) || MoreViews.IsView(route);

    /// <param name="options">The effective options, to fill the form; null when the query could not be read.</param>
    /// <param name="scripts">The assets to run after the body, in order.</param>
    public string Page(string view, IQueryCollection query, ReportOptions? options, string body, params IReadOnlyList<string> scripts)
    {
        var carried = ViewQuery.Carried(query);
        var linked = Encode(ViewQuery.LinkedQuery(query));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode($"{title} — {Label(view)}"))
            .Append("</title><link rel=\"stylesheet\" href=\"assets/ui.css\"><link rel=\"stylesheet\" href=\"assets/views.css\"></head>\n<body>\n<header><span class=\"title\">")
            .Append(Encode(title)).Append("</span><nav data-linked=\"").Append(string.Join(' ', ViewQuery.Linked))
            .Append("\" data-carried=\"").Append(string.Join(' ', ViewQuery.Names)).Append("\">");
        foreach (var (route, label) in _views)
        {
            html.Append("<a href=\"").Append(route).Append(linked).Append('"')
                .Append(route == view ? " class=\"current\"" : "").Append('>').Append(label).Append("</a>");
        }

        HeaderMenus.AppendDownloads(html, carried);
        HeaderMenus.AppendConfigs(html, view, query, configs);
        html.Append("</nav>\n");
        AppendForm(html, view, query, options);
        html.Append("</header>\n<main>\n").Append(body).Append("</main>\n");
        foreach (var script in (string[])["nav.js", .. scripts])
        {
            html.Append("<script src=\"assets/").Append(script).Append("\"></script>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>
    /// The filter form, filled from the URL and, for a parameter it does not have, from the command line; each field
    /// keeps the command line's value (<c>data-default</c>) for a page that changes its URL in place to show.
    /// </summary>
    private void AppendForm(StringBuilder html, string view, IQueryCollection query, ReportOptions? options)
    {
        string Value(string name, Func<ReportOptions, string> current) =>
            query.TryGetValue(name, out var given) ? ViewQuery.First(given) : options is null ? "" : current(options);

        html.Append("<form method=\"get\" action=\"").Append(view).Append("\">");
        foreach (var (name, label, value) in TextFields)
        {
            AppendText(html, name, label, Value(name, value), value(commandLine));
        }

        // An empty si= is no sample index, the profile's default, and an empty g= functions, whatever the command line says.
        var sampleIndex = Value("si", o => o.SampleIndex ?? "");
        var defaultIndex = sampleTypes.Count > 0 ? DefaultSampleType() : "";
        AppendChoice(html, "si", "sample", sampleTypes.Select(t => t.Type), sampleIndex.Length == 0 ? defaultIndex : SampleTypeNamed(sampleIndex),
            commandLine.SampleIndex is { Length: > 0 } given ? SampleTypeNamed(given) : defaultIndex, defaultIndex);
        var granularity = Value("g", o => ViewQuery.Granularities[(int)o.Granularity]);
        AppendChoice(html, "g", "granularity", ViewQuery.Granularities, granularity.Length == 0 ? ViewQuery.Granularities[0] : granularity,
            ViewQuery.Granularities[(int)commandLine.Granularity], ViewQuery.Granularities[0]);
        html.Append("<button type=\"submit\">Apply</button></form>\n");
    }

    /// <summary>A sample index as the type it names: <c>si=1</c> is the second type, as for reports.</summary>
    private string SampleTypeNamed(string index) =>
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < sampleTypes.Count ? sampleTypes[number].Type : index;

    /// <summary>The sample type reports use when not told: the profile's default, else its last.</summary>
    private string DefaultSampleType() => defaultSampleType.Length != 0 ? defaultSampleType : sampleTypes[^1].Type;

    private static void AppendText(StringBuilder html, string name, string label, string value, string defaultValue) =>
        html.Append("<label>").Append(label).Append(" <input type=\"text\" name=\"").Append(name)
            .Append("\" value=\"").Append(Encode(value)).Append("\" data-default=\"").Append(Encode(defaultValue)).Append("\"></label>");

    /// <param name="defaultChoice">The command line's choice, which a URL without the parameter keeps.</param>
    /// <param name="emptyChoice">What the server makes of the parameter given empty.</param>
    private static void AppendChoice(
        StringBuilder html, string name, string label, IEnumerable<string> choices, string selected, string defaultChoice, string emptyChoice)
    {
        html.Append("<label>").Append(label).Append(" <select name=\"").Append(name).Append("\" data-default=\"").Append(Encode(defaultChoice))
            .Append("\" data-empty=\"").Append(Encode(emptyChoice)).Append("\">");
        foreach (var choice in choices)
        {
            html.Append("<option").Append(choice == selected ? " selected" : "").Append('>').Append(Encode(choice)).Append("</option>");
        }

        html.Append("</select></label>");
    }

    private string Label(string view) => _views.FirstOrDefault(v => v.Route == view).Label ?? view;
}
