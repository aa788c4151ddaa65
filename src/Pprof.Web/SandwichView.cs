using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// <c>/ui/sandwich?f=REGEXP</c>: the function the focus matches, its callers drawn upwards above it and its callees
/// downwards below it, with its flat and cum values; clicking a frame makes that function the filling.
/// </summary>
internal sealed class SandwichView(ViewContext context)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/sandwich", context.Page("sandwich", Page));
        app.MapGet("/ui/api/sandwich", context.Api(Data));
    }

    private string Page(ViewQuery query, IQueryCollection raw) => query.Options.Filter.Focus is null
        ? "<p class=\"hint\">Give a function's regexp as the focus (f) to see its callers above it and its callees below it.</p>\n"
        : "<pre class=\"legend\" id=\"view-legend\"></pre><p class=\"totals\" id=\"sandwich-totals\"></p>\n" +
          "<div id=\"view-details\" class=\"details\">&nbsp;</div>\n" +
          $"<div id=\"sandwich\" data-api=\"api/sandwich{PageWriter.Encode(ViewQuery.Carried(raw))}\">" +
          "<h2>callers</h2><div class=\"flame\" id=\"sandwich-callers\"></div>" +
          "<h2>callees</h2><div class=\"flame\" id=\"sandwich-callees\"></div></div>\n";

    private (byte[], string) Data(ViewQuery query)
    {
        var function = query.Options.Filter.Focus ?? throw new BadQueryException("f (focus): give the function's regexp, such as f=^main\\.main$");
        return (context.Cache.Get("sandwich", query.Key, () =>
        {
            // Stacks without the function add nothing to its sandwich, so the tree without the focus gives the same
            // one: the flame graph's, already made when the sandwich is opened from it. The legend is that tree's too:
            // the focus names the filling here, it filters nothing.
            var unfocused = query.WithoutFocus();
            var top = context.Top(unfocused);
            // Samples that stay in the file would make a whole tree of gigabytes: there the frames drawn are found in
            // passes over them.
            var found = context.Settings.Profile.Samples.StayInFile
                ? new ProfileReport(context.Settings.Profile, unfocused.Options).WidestSandwich(function, FlameGraphJson.NodeBudget)
                : null;
            var sandwich = found is not null ? Sandwich.Of(found, function) : Sandwich.Of(context.CallTree(unfocused), function);
            return ViewJson.Write(top, json =>
            {
                json.WriteString("pivot", sandwich.Pivot);
                json.WriteNumber("flat", sandwich.Flat);
                json.WriteNumber("cum", sandwich.Cum);
                json.WriteNumber("profileTotal", top.Total);
                WriteTree(json, "callers", sandwich.Callers, top);
                WriteTree(json, "callees", sandwich.Callees, top);
            });
        }), "application/json");
    }

    private static void WriteTree(Utf8JsonWriter json, string name, IFlameFrame tree, TopTable top)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(FlameGraphJson.Write(tree, top), skipInputValidation: true);
    }
}
