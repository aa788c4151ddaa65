using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/diff</c>, when started with <c>-base</c> or <c>-diff_base</c>: the base's and the new profile's flame graphs
/// side by side, and below them one flame graph of both whose frames are coloured by how much they grew or shrank.
/// </summary>
internal sealed class DiffView(ViewContext context)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/diff", context.Page("diff", Page));
        app.MapGet("/ui/api/diff", context.Api(Data));
    }

    private ProfileComparison Comparison => context.Settings.Comparison
        ?? throw new ViewUnavailableException("no base to compare with: start with -diff_base=BASE (or -base=BASE) before the profile, such as dotnet-pprof -http=:8080 -diff_base=before.pb.gz after.pb.gz");

    private string Page(ViewQuery query, IQueryCollection raw)
    {
        _ = Comparison;
        if (raw.TryGetValue("palette", out var palette) && palette.ToString() is not ("" or "colorblind"))
        {
            throw new BadQueryException($"palette: {palette} is not colorblind (leave it out for red and green)");
        }

        return "<pre class=\"legend\" id=\"view-legend\"></pre>\n" +
            "<div class=\"flame-controls\"><label><input type=\"checkbox\" id=\"diff-palette\"> colour-blind palette</label>" +
            "<span class=\"key\" id=\"diff-key\"></span></div>\n<p class=\"totals\" id=\"diff-totals\"></p>\n" +
            "<div id=\"view-details\" class=\"details\">&nbsp;</div>\n" +
            $"<div id=\"diff\" data-api=\"api/diff{PageWriter.Encode(ViewQuery.Carried(raw))}\">" +
            "<div class=\"sides\"><div><h2>base</h2><div class=\"flame\" id=\"diff-base\"></div></div>" +
            "<div><h2>new</h2><div class=\"flame\" id=\"diff-new\"></div></div></div>" +
            "<h2>change</h2><div class=\"flame\" id=\"diff-graph\"></div></div>\n";
    }

    private (byte[], string) Data(ViewQuery query)
    {
        var comparison = Comparison;
        return (context.Cache.Get("diff", query.Key, () =>
        {
            // The two profiles' passes share nothing: on two cores they take the time of one.
            ProfileReport[] reports = [new(comparison.Base, query.Options), new(comparison.New, query.Options)];
            var sides = new (TopTable Top, IFlameFrame Tree)[reports.Length];
            Parallel.For(0, reports.Length, i => sides[i] = (reports[i].Top(), new TableFrame(reports[i].CallTreeTable(), 0)));
            var ((baseTop, baseTree), (newTop, newTree)) = (sides[0], sides[1]);
            return ViewJson.Write(context.Top(query), json =>
            {
                json.WriteNumber("baseTotal", baseTree.Value);
                json.WriteNumber("newTotal", newTree.Value);
                json.WritePropertyName("base");
                json.WriteRawValue(FlameGraphJson.Write(baseTree, baseTop), skipInputValidation: true);
                json.WritePropertyName("new");
                json.WriteRawValue(FlameGraphJson.Write(newTree, newTop), skipInputValidation: true);
                json.WriteStartObject("diff");
                DiffTree.Of(baseTree, newTree).WriteFrames(json, FlameGraphJson.NodeBudget);
                json.WriteEndObject();
            });
        }), "application/json");
    }
}
