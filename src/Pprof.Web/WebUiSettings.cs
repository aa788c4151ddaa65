using Pprof.Leaks;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>What the web interface serves: a loaded profile, the command line's report options and where to listen.</summary>
/// <param name="Options">The starting point of every view; a view's query parameters override them one by one.</param>
/// <param name="Address"><c>-http</c>'s <c>[host]:[port]</c>: host defaults to localhost, port 0 (or none) picks a free one.</param>
/// <param name="Title">What the pages call the profile: its sources' names.</param>
public sealed record WebUiSettings(Profile Profile, ReportOptions Options, string Address, string Title)
{
    /// <summary>Called with the interface's URL once it listens, to show it in a browser; null to leave that to the user.</summary>
    public Func<string, bool>? OpenBrowser { get; init; }

    /// <summary>Where <c>/ui/saveconfig</c> keeps the named configurations: <c>$XDG_CONFIG_HOME/dotnet-pprof/settings.json</c> unless told.</summary>
    public string SettingsFile { get; init; } = SavedConfigs.DefaultPath();

    /// <summary>Where the URL and warnings are printed.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Started with a base (<c>-base</c>, <c>-diff_base</c>): the base and the new profile each on their own, for the diff view.</summary>
    public ProfileComparison? Comparison { get; init; }

    /// <summary>The profile files given, in order: two or more are also a series for the leaks view.</summary>
    public IReadOnlyList<string> Series { get; init; } = [];

    /// <summary>
    /// A series being taken (<c>leaks -p</c>, <c>leaks -url</c>): the leaks view shows it as it comes, and the other
    /// views its latest profile in place of <see cref="Profile"/>; the first page to open is the leaks view's.
    /// </summary>
    public LiveLeakSeries? LiveSeries { get; init; }

    /// <summary>Called with the interface's URL once it listens: where a caller starts what the pages show as it comes.</summary>
    public Action<string>? Listening { get; init; }

    /// <summary>The settings of a server over a live series, whose views have no profile until its first sample.</summary>
    public static WebUiSettings Live(LiveLeakSeries series, string address)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new WebUiSettings(new Profile([]), ReportOptions.Default, address, series.Target) { LiveSeries = series };
    }
}

/// <summary>The two sides of a comparison, each merged from its sources, neither subtracted from the other.</summary>
public sealed record ProfileComparison(Profile Base, Profile New)
{
    /// <summary>
    /// Whether the profile served (<see cref="WebUiSettings.Profile"/>) holds the new profile's samples and the base's,
    /// labelled <c>pprof::base=true</c> and negated, value for value, as <c>-diff_base</c> without <c>-normalize</c>
    /// makes it: then the diff view tells each side's call tree apart in the served profile's, rather than merging
    /// the samples of each side again.
    /// </summary>
    public bool BaseLabelledInProfile { get; init; }
}
