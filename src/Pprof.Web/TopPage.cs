using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// The top view: <c>-top</c>'s legend lines and rows as text, each row with links that focus on its function, ignore
/// it, show its source or peek at its callers and callees; top.js sorts the columns and filters the rows in place.
/// </summary>
internal static class TopPage
{
    public static readonly string[] Scripts = ["top.js"];

    private static readonly (string View, string Parameter, string Label)[] RowActions =
    [
        ("top", "f", "focus"),
        ("top", "i", "ignore"),
        ("source", "f", "source"),
        ("peek", "f", "peek"),
    ];

    public static string Html(TopTable table, IQueryCollection query)
    {
        var html = new StringBuilder();
        html.Append("<div class=\"top-controls\"><label>filter <input type=\"search\" id=\"top-filter\" placeholder=\"regexp on names\"></label>")
            .Append("<span id=\"top-shown\"></span></div>\n")
            .Append("<pre class=\"legend\">").Append(PageWriter.Encode(string.Join('\n', table.Legend))).Append("</pre>\n")
            .Append("<table class=\"top\" id=\"top-table\"><thead><tr>")
            .Append("<th data-sort=\"flat\">flat</th><th data-sort=\"flat\">flat%</th><th data-sort=\"order\">sum%</th>")
            .Append("<th data-sort=\"cum\">cum</th><th data-sort=\"cum\">cum%</th><th data-sort=\"name\">name</th><th class=\"actions\"></th>")
            .Append("</tr></thead><tbody>\n");
        var order = 0;
        foreach (var (cells, row) in TopLines.Rows(table).Zip(table.Rows))
        {
            html.Append("<tr data-order=\"").Append(order++.ToString(CultureInfo.InvariantCulture))
                .Append("\" data-flat=\"").Append(row.Flat.ToString(CultureInfo.InvariantCulture))
                .Append("\" data-cum=\"").Append(row.Cum.ToString(CultureInfo.InvariantCulture)).Append("\">");
            for (var i = 0; i < cells.Length - 1; i++)
            {
                html.Append("<td>").Append(PageWriter.Encode(cells[i])).Append("</td>");
            }

            html.Append("<td class=\"name\">").Append(PageWriter.Encode(cells[^1])).Append("</td><td class=\"actions\">");
            var function = ViewQuery.QuoteMeta(row.Name);
            foreach (var (view, parameter, label) in RowActions)
            {
                var value = parameter == "i" && query.TryGetValue("i", out var ignored) && ViewQuery.First(ignored) is { Length: > 0 } old
                    ? function + "|" + old
                    : function;
                html.Append("<a href=\"").Append(view).Append(PageWriter.Encode(ViewQuery.Carried(query, parameter, value)))
                    .Append("\">").Append(label).Append("</a> ");
            }

            html.Length--;
            html.Append("</td></tr>\n");
        }

        return html.Append("</tbody></table>\n").ToString();
    }
}
