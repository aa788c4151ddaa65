using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Pprof.Web;

/// <summary>The views beyond pprof's own pages: sandwich and tags always, diff with a base, leaks with a series of profiles, given or being taken.</summary>
internal static class MoreViews
{
    /// <summary>The script of the views drawn in the browser (sandwich and diff).</summary>
    public static readonly string[] Scripts = ["views.js"];

    /// <summary>The links the page header adds for them: those that have something to show for what was given.</summary>
    public static IReadOnlyList<(string Route, string Label)> Navigation(WebUiSettings settings) =>
    [
        ("sandwich", "Sandwich"),
        ("tags", "Tags"),
        .. settings.Comparison is null ? [] : new[] { ("diff", "Diff") },
        .. LeaksView.Shows(settings) ? new[] { ("leaks", "Leaks") } : [],
    ];

    public static void Map(IEndpointRouteBuilder app, ViewContext context)
    {
        new SandwichView(context).Map(app);
        new TagsView(context).Map(app);
        new DiffView(context).Map(app);
        new LeaksView(context).Map(app);
    }
}
