using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/tags</c>: each label key with its values and their totals, the numbers of <c>-tags</c> with the same
/// filters; a value's links set the tag focus (<c>tf</c>) or the tag ignore (<c>ti</c>) to it.
/// </summary>
internal sealed class TagsView(ViewContext context)
{
    public void Map(IEndpointRouteBuilder app) => app.MapGet("/ui/tags", context.Page("tags", Page));

    private string Page(ViewQuery query, IQueryCollection raw)
    {
        var (summaries, text) = context.Cache.Get("tags", query.Key, () =>
        {
            var tags = new ProfileReport(context.Settings.Profile, query.Options).Tags();
            return new Tags(tags, ProfileReport.TagsText(tags));
        });
        var html = new StringBuilder();
        html.Append("<pre class=\"legend\">").Append(PageWriter.Encode(string.Join('\n', context.Summary(query).Legend))).Append("</pre>\n");
        if (summaries.Count == 0)
        {
            return html.Append("<p class=\"hint\">No sample has a label (tag) here.</p>\n").ToString();
        }

        // The text of -tags gives each line's numbers as the command line prints them; the summaries say what they are.
        var lines = text.Split('\n').Where(line => line.Trim().Length != 0).ToList();
        var next = 0;
        html.Append("<table class=\"tags\">\n");
        foreach (var summary in summaries)
        {
            html.Append("<tr class=\"key\"><th colspan=\"3\">").Append(PageWriter.Encode(lines[next++].Trim())).Append("</th></tr>\n");
            foreach (var share in summary.Values)
            {
                var numbers = lines[next++].TrimEnd()[..^share.Value.Length].Trim().TrimEnd(':');
                var open = numbers.IndexOf(" (", StringComparison.Ordinal);
                var (amount, percent) = open < 0 ? (numbers, "") : (numbers[..open], "(" + numbers[(open + 2)..].TrimStart());
                var filter = Filter(summary, share.Value);
                html.Append("<tr><td>").Append(PageWriter.Encode(amount)).Append("</td><td>").Append(PageWriter.Encode(percent))
                    .Append("</td><td class=\"name\"><a href=\"tags").Append(PageWriter.Encode(With(raw, "tf", filter))).Append("\" title=\"focus on ")
                    .Append(PageWriter.Encode(filter)).Append("\">").Append(PageWriter.Encode(share.Value)).Append("</a> <a class=\"ignore\" href=\"tags")
                    .Append(PageWriter.Encode(With(raw, "ti", filter))).Append("\">ignore</a></td></tr>\n");
            }
        }

        return html.Append("</table>\n").ToString();
    }

    /// <summary>The tag filter that selects one value: a numeric label's value as a range, a string's as an exact regexp.</summary>
    private static string Filter(TagSummary summary, string value) =>
        summary.IsNumeric ? $"{summary.Key}={value}" : $"{summary.Key}=^{Regex.Escape(value)}$";

    private static string With(IQueryCollection query, string name, string value)
    {
        var changed = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        changed[name] = new StringValues(value);
        return ViewQuery.Carried(new QueryCollection(changed));
    }

    private sealed record Tags(IReadOnlyList<TagSummary> Summaries, string Text);
}
