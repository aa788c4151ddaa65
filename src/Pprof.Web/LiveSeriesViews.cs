using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Pprof.Leaks;
using Pprof.Profiles;

namespace Pprof.Web;

/// <summary>
/// The views of a server over a live series (<see cref="WebUiSettings.LiveSeries"/>): the leaks view shows the series
/// as it comes, every other view a profile of the latest sample: under <c>/ui/</c> its first (the heap snapshot, the
/// first URL's), under <c>/ui/N/</c> its Nth (the threads, another URL's). The pages link relatively, so each stays
/// with its profile. Each profile gets views (and caches) of its own, made when a request first finds it; those of
/// the one before from the same source are dropped with it.
/// </summary>
internal sealed partial class LiveSeriesViews(WebUiSettings settings, IServiceProvider services)
{
    private readonly LiveLeakSeries _series = settings.LiveSeries!;
    private readonly Lock _lock = new();
    private readonly RequestDelegate _empty = WebUi.Handler(settings, services, guard: null);
    private readonly Dictionary<int, (Profile Profile, RequestDelegate Views)> _views = [];

    /// <summary>Where the views of a sample's <paramref name="index"/>th profile (from 0) are, relative to <c>/ui/</c>.</summary>
    public static string Root(int index) => index == 0 ? "" : $"{index + 1}/";

    public async Task Handle(HttpContext context)
    {
        var state = _series.State;
        var numbered = Numbered().Match(context.Request.Path.Value ?? "");
        if (!numbered.Success)
        {
            await Serve(context, state, 0);
            return;
        }

        var (number, rest) = (numbered.Groups[1].Value, numbered.Groups[2].Value);
        // The views link relatively: from ui/2/ they reach ui/2/top. The leaks view is the series', under ui/.
        if (rest.Length == 0 || rest == "/leaks")
        {
            context.Response.Redirect((rest.Length == 0 ? number + "/" : "../leaks") + context.Request.QueryString);
            return;
        }

        // Before the first sample every view but the leaks view answers 503, whatever the number.
        var profiles = state.LatestProfiles.Count;
        var index = int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var given) ? given : 0;
        if (profiles > 0 && (index < 1 || index > profiles))
        {
            await Reply(context, StatusCodes.Status404NotFound,
                $"/ui/{number}/: a sample of {_series.Target} has no such profile: "
                + string.Join(", ", state.LatestProfiles.Select((profile, i) => $"/ui/{Root(i)} shows {profile.Source}")));
            return;
        }

        var path = context.Request.Path;
        context.Request.Path = "/ui" + rest;
        try
        {
            await Serve(context, state, Math.Max(index - 1, 0));
        }
        finally
        {
            context.Request.Path = path;
        }
    }

    private Task Serve(HttpContext context, LiveLeakSeriesState state, int index) => state.LatestProfiles.Count > 0
        ? Views(state, index)(context)
        : LeaksView.Serves(context.Request.Path)
            ? _empty(context)
            : Reply(context, StatusCodes.Status503ServiceUnavailable,
                $"no sample of {_series.Target} yet: this view shows the latest one once it is taken; the leaks view (/ui/leaks) shows the series as it comes");

    [GeneratedRegex("^/ui/([0-9]+)(/.*)?$")]
    private static partial Regex Numbered();

    private RequestDelegate Views(LiveLeakSeriesState state, int index)
    {
        var latest = state.LatestProfiles[index];
        lock (_lock)
        {
            if (!_views.TryGetValue(index, out var views) || !ReferenceEquals(views.Profile, latest.Profile))
            {
                views = (latest.Profile, WebUi.Handler(settings with { Profile = latest.Profile, Title = Title(state, latest) }, services, guard: null));
                _views[index] = views;
            }

            return views.Views;
        }
    }

    /// <summary>What the pages call the profile they show: where it came from, which sample and when it was taken.</summary>
    private string Title(LiveLeakSeriesState state, LiveProfile latest)
    {
        var time = latest.Profile.TimeNanos;
        var taken = time == 0
            ? ""
            : ", taken " + DateTimeOffset.FromUnixTimeMilliseconds(time / 1_000_000).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return $"{latest.Source}: the latest sample, {state.Taken} of {_series.Count}{taken}";
    }

    private static Task Reply(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n");
    }
}
