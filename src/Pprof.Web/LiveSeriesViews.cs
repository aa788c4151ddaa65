using System.Globalization;
using Microsoft.AspNetCore.Http;
using Pprof.Leaks;
using Pprof.Profiles;

namespace Pprof.Web;

/// <summary>
/// The views of a server over a live series (<see cref="WebUiSettings.LiveSeries"/>): the leaks view shows the series
/// as it comes, every other view the latest sample's profile. Each profile gets views (and caches) of its own, made
/// when a request first finds it; those of the one before are dropped with it.
/// </summary>
internal sealed class LiveSeriesViews(WebUiSettings settings, IServiceProvider services)
{
    private readonly LiveLeakSeries _series = settings.LiveSeries!;
    private readonly Lock _lock = new();
    private (Profile Profile, RequestDelegate Views) _current = (settings.Profile, WebUi.Handler(settings, services, guard: null));

    public Task Handle(HttpContext context)
    {
        var state = _series.State;
        if (state.Latest is null && !LeaksView.Serves(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(
                $"no sample of {_series.Target} yet: this view shows the latest one once it is taken; the leaks view (/ui/leaks) shows the series as it comes\n");
        }

        return Views(state)(context);
    }

    private RequestDelegate Views(LiveLeakSeriesState state)
    {
        lock (_lock)
        {
            if (state.Latest is { } latest && !ReferenceEquals(_current.Profile, latest))
            {
                _current = (latest, WebUi.Handler(settings with { Profile = latest, Title = Title(state, latest) }, services, guard: null));
            }

            return _current.Views;
        }
    }

    /// <summary>What the pages call the profile they show: the latest sample, which one and when it was taken.</summary>
    private string Title(LiveLeakSeriesState state, Profile latest)
    {
        var taken = latest.TimeNanos == 0
            ? ""
            : ", taken " + DateTimeOffset.FromUnixTimeMilliseconds(latest.TimeNanos / 1_000_000).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return $"{_series.Target}: the latest sample, {state.Taken} of {_series.Count}{taken}";
    }
}
