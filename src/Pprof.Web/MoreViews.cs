using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Pprof.Web;

/// <summary>The views beyond pprof's own pages: sandwich and tags always, diff with a base, leaks with a series of profiles, given or being taken.</summary>
internal static class MoreViews
{
    /// <summary>The script of the views drawn in the browser (sandwich and diff).</summary>
    public static readonly string[] Scripts = ["views.js"];

    private static readonly (string Route, string Label)[] Views = [("sandwich", "Sandwich"), ("tags", "Tags"), ("diff", "Diff"), ("leaks", "Leaks")];

    public static bool IsView(string route) => Array.Exists(Views, v => v.Route == route);

    /// <summary>The links the page header adds for them: those that have something to show for what was given.</summary>
    public static IReadOnlyList<(string Route, string Label)> Navigation(WebUiSettings settings) =>
        [.. Views.Where(view => view.Route switch
        {
            "diff" => settings.Comparison is not null,
            "leaks" => LeaksView.Shows(settings),
            _ => true,
        })];

    /// <returns>
    /// What the views compute ahead for the first view's query once its flame graph is answered, each with the step the
    /// progress shows: the diff of a comparison, which a user started with a base is there to see; not of profiles
    /// whose samples stay in the file, whose whole call trees only a user who asks should spend gigabytes on.
    /// </returns>
    public static IReadOnlyList<(string Step, Action<ViewQuery> Compute)> Map(IEndpointRouteBuilder app, ViewContext context)
    {
        new SandwichView(context).Map(app);
        new TagsView(context).Map(app);
        var diff = new DiffView(context);
        diff.Map(app);
        new LeaksView(context).Map(app);
        return context.Settings is { Comparison: { } comparison } settings
            && !settings.Profile.Samples.StayInFile && !comparison.Base.Samples.StayInFile && !comparison.New.Samples.StayInFile
            ? [("comparing the base and the new profile", query => diff.Answer(query))]
            : [];
    }
}
