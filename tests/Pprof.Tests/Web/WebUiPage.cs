using System.Net;
using System.Text.RegularExpressions;

namespace Pprof.Tests.Web;

/// <summary>What a person reads on one of the web UI's pages: the legend, the table's rows, the report text, the error.</summary>
public sealed partial record WebUiPage(HttpStatusCode Status, string Html)
{
    public static async Task<WebUiPage> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return new WebUiPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public IReadOnlyList<string> Legend => Text(LegendElement()).Split('\n');

    /// <summary>Each row of the top table as its cells read, separated by single spaces.</summary>
    public IReadOnlyList<string> TopRows =>
        [.. RowElement().Matches(Html).Select(row => string.Join(' ', CellElement().Matches(row.Value).Select(cell => Text(cell.Groups[1].Value))))];

    public string Report => Text(ReportElement().Match(Html).Groups[1].Value);

    public IReadOnlyList<string> Errors => [.. ErrorElement().Matches(Html).Select(error => Text(error.Groups[1].Value))];

    private string LegendElement() => LegendPattern().Match(Html) is { Success: true } legend
        ? legend.Groups[1].Value
        : throw new InvalidOperationException("the page has no legend: " + Html);

    private static string Text(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("<pre class=\"legend\"[^>]*>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex LegendPattern();

    [GeneratedRegex("<tr[^>]*><td>.*?</tr>")]
    private static partial Regex RowElement();

    /// <summary>A cell of the table's text; the row's links (class actions) are not part of it.</summary>
    [GeneratedRegex("<td(?: class=\"name\")?>(.*?)</td>")]
    private static partial Regex CellElement();

    [GeneratedRegex("<pre class=\"report\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ReportElement();

    [GeneratedRegex("<p class=\"error\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex ErrorElement();
}
