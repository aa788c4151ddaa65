using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Web;

/// <summary>
/// A view's query string read as pprof's web interface reads it: each parameter present (<c>f</c> focus, <c>i</c>
/// ignore, <c>si</c> sample index, ...) overrides the command line's option of the same meaning, even when empty.
/// </summary>
internal sealed partial class ViewQuery
{
    /// <summary>Regular expressions from a URL get this long per match, so that none can hold the server.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The <c>g</c> parameter's values, in <see cref="Granularity"/>'s order.</summary>
    public static readonly string[] Granularities = ["functions", "filefunctions", "files", "lines", "addresses"];

    private static readonly (string Name, Func<ReportOptions, string, ReportOptions> Apply)[] Parameters =
    [
        ("f", (o, v) => o with { Filter = o.Filter with { Focus = Pattern("f", "focus", v) } }),
        ("i", (o, v) => o with { Filter = o.Filter with { Ignore = Pattern("i", "ignore", v) } }),
        ("h", (o, v) => o with { Filter = o.Filter with { Hide = Pattern("h", "hide", v) } }),
        ("s", (o, v) => o with { Filter = o.Filter with { Show = Pattern("s", "show", v) } }),
        ("sf", (o, v) => o with { Filter = o.Filter with { ShowFrom = Pattern("sf", "show_from", v) } }),
        ("prunefrom", (o, v) => o with { Filter = o.Filter with { PruneFrom = Pattern("prunefrom", "prune_from", v) } }),
        ("tf", (o, v) => o with { Filter = o.Filter with { TagFocus = Labels("tf", "tagfocus", v) } }),
        ("ti", (o, v) => o with { Filter = o.Filter with { TagIgnore = Labels("ti", "tagignore", v) } }),
        ("ts", (o, v) => o with { Filter = o.Filter with { TagShow = Pattern("ts", "tagshow", v) } }),
        ("th", (o, v) => o with { Filter = o.Filter with { TagHide = Pattern("th", "taghide", v) } }),
        ("si", (o, v) => o with { SampleIndex = v.Length == 0 ? null : v }),
        // A negative count (pprof's -1) is the report's default, as on the command line.
        ("n", (o, v) => o with { NodeCount = v.Length == 0 ? null : Integer("n", "nodecount", v) is var count and >= 0 ? count : null }),
        ("nf", (o, v) => o with { NodeFraction = Fraction("nf", "nodefraction", v) }),
        ("ef", (o, v) => o with { EdgeFraction = Fraction("ef", "edgefraction", v) }),
        ("g", (o, v) => o with { Granularity = GranularityOf(v) }),
        ("sort", (o, v) => o with { CumSort = v switch { "cum" => true, "flat" or "" => false, _ => throw Bad("sort", "sort", $"{v} is neither flat nor cum") } }),
        ("trim", (o, v) => o with { Trim = Flag("trim", "trim", v) }),
        ("mean", (o, v) => o with { Mean = Flag("mean", "mean", v) }),
        ("noinlines", (o, v) => o with { NoInlines = Flag("noinlines", "noinlines", v) }),
        ("dropneg", (o, v) => o with { DropNegative = Flag("dropneg", "drop_negative", v) }),
        ("rel", (o, v) => o with { RelativePercentages = Flag("rel", "relative_percentages", v) }),
        ("compact", (o, v) => o with { CompactLabels = Flag("compact", "compact_labels", v) }),
        ("unit", (o, v) => o with { Unit = v.Length == 0 ? "minimum" : v }),
        // pprof's too, read and checked as pprof reads them, with nothing to change here: normalizing by the base is
        // done when the profiles are loaded (in pprof's web interface as well), Intel syntax is disassembly's, which
        // the web UI does not have, and the call tree is ignored as the command line's -call_tree is. Source columns
        // are not kept, which a URL asking for them is told.
        ("calltree", (o, v) => Unchanged(o, "calltree", "call_tree", v)),
        ("intel", (o, v) => Unchanged(o, "intel", "intel_syntax", v)),
        ("norm", (o, v) => Unchanged(o, "norm", "normalize", v)),
        ("showcolumns", (o, v) => Flag("showcolumns", "showcolumns", v)
            ? throw Bad("showcolumns", "showcolumns", "dotnet-pprof's reports do not show source columns: leave it out")
            : o),
    ];

    /// <summary>The command line's filters, which a query's key leaves out.</summary>
    private readonly ProfileFilter _commandLine;

    private ViewQuery(ReportOptions options, string key, ProfileFilter commandLine)
    {
        Options = options;
        Key = key;
        _commandLine = commandLine;
    }

    public ReportOptions Options { get; }

    /// <summary>The parameters that matter, in a fixed order: equal keys give equal reports.</summary>
    public string Key { get; }

    /// <summary>The same query without a focus, from the URL or the command line.</summary>
    public ViewQuery WithoutFocus()
    {
        if (Options.Filter.Focus is null)
        {
            return this;
        }

        // Without a focus the command line gave, the key must say so: it names only the URL's.
        var key = KeyWithout("f");
        return new ViewQuery(Options with { Filter = Options.Filter with { Focus = null } }, _commandLine.Focus is not null ? "-f&" + key : key, _commandLine);
    }

    /// <summary>The same query without the URL's hide and show; null when the command line gave either.</summary>
    public ViewQuery? WithoutRemovedFrames() => _commandLine is { Hide: null, Show: null }
        ? new ViewQuery(Options with { Filter = Options.Filter with { Hide = null, Show = null } }, KeyWithout("h", "s"), _commandLine)
        : null;

    /// <summary>The <see cref="Key"/> of the same query without the parameters <paramref name="names"/>.</summary>
    public string KeyWithout(params string[] names) =>
        string.Concat(Key.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(parameter => !names.Contains(parameter[..parameter.IndexOf('=', StringComparison.Ordinal)]))
            .Select(parameter => parameter + "&"));

    /// <exception cref="BadQueryException">A parameter is malformed.</exception>
    public static ViewQuery Read(IQueryCollection query, ReportOptions commandLine, IReadOnlyList<SampleType> sampleTypes)
    {
        var options = commandLine;
        var key = new StringBuilder();
        foreach (var (name, apply) in Parameters)
        {
            if (!query.TryGetValue(name, out var values))
            {
                continue;
            }

            var value = First(values);
            options = apply(options, value);
            key.Append(name).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
        }

        if (options.SampleIndex is { Length: > 0 } index && !IsSampleIndex(index, sampleTypes))
        {
            throw Bad("si", "sample_index", $"the profile has no sample type {index} (it has {string.Join(", ", sampleTypes.Select(t => t.Type))})");
        }

        return new ViewQuery(options, key.ToString(), commandLine.Filter);
    }

    /// <summary>
    /// What the header's links between views carry, as pprof's carry every parameter of the page's URL but its hash:
    /// the view parameters, and the state of the pages drawn in the browser (<c>p</c>, pprof's pivot, our
    /// <c>layout</c> of the flame graph and <c>palette</c> of the diff), which the other views ignore and hand on, so
    /// that going back to a view finds it as it was. The hash (zoom, the top table's sorting) stays with its page.
    /// </summary>
    public static readonly string[] Linked = [.. Parameters.Select(p => p.Name), "p", "layout", "palette"];

    /// <summary>The names of the view parameters, which the downloads and saved configurations carry.</summary>
    public static readonly string[] Names = [.. Parameters.Select(p => p.Name)];

    /// <summary>The query string of the parameters given, for links between views.</summary>
    public static string Carried(IQueryCollection query) => Carried(query, "", "");

    /// <summary>The query string of the header's links to the other views: the <see cref="Linked"/> parameters given.</summary>
    public static string LinkedQuery(IQueryCollection query) =>
        QueryString(Linked.Where(query.ContainsKey).Select(name => KeyValuePair.Create(name, First(query[name]))));

    /// <summary>The query string of the parameters given with <paramref name="changed"/> set to <paramref name="value"/>.</summary>
    public static string Carried(IQueryCollection query, string changed, string value) => QueryString(Given(query, changed, value));

    private static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    /// <summary>The view parameters given (pprof's names), in a fixed order, with <paramref name="changed"/> set to <paramref name="value"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Given(IQueryCollection query, string changed = "", string value = "")
    {
        foreach (var (name, _) in Parameters)
        {
            var carried = name == changed ? value : query.TryGetValue(name, out var given) ? First(given) : null;
            if (carried is not null)
            {
                yield return KeyValuePair.Create(name, carried);
            }
        }
    }

    /// <summary>A parameter given more than once means its first value, as in pprof (Go's <c>url.Values.Get</c>).</summary>
    public static string First(StringValues values) => values.Count == 0 ? "" : values[0] ?? "";

    /// <summary>
    /// A function's name as a regexp that matches it alone, quoted as pprof's web interface quotes it; a line's
    /// <c>:123</c> is not part of the function.
    /// </summary>
    public static string QuoteMeta(string name) => "^" + SpecialCharacter().Replace(LineSuffix().Replace(name, ""), @"\$0") + "$";

    [GeneratedRegex(@"[\\.?+*\[\](){}|^$]")]
    private static partial Regex SpecialCharacter();

    [GeneratedRegex(":[0-9]+$")]
    private static partial Regex LineSuffix();

    private static Regex? Pattern(string parameter, string option, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        try
        {
            return new Regex(value, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException error)
        {
            throw Bad(parameter, option, error.Message);
        }
    }

    private static bool IsSampleIndex(string index, IReadOnlyList<SampleType> types) =>
        types.Any(t => t.Type == index) || (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < types.Count);

    private static LabelFilter? Labels(string parameter, string option, string value)
    {
        try
        {
            return value.Length == 0 ? null : LabelFilter.Parse(value);
        }
        catch (ArgumentException error)
        {
            throw Bad(parameter, option, error.Message);
        }
    }

    private static int Integer(string parameter, string option, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Bad(parameter, option, $"{value} is not a whole number");

    private static double Fraction(string parameter, string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 1
            ? number
            : throw Bad(parameter, option, $"{value} is not a fraction from 0 to 1");

    /// <summary>A boolean as pprof reads one: its URLs shorten them to <c>t</c> and <c>f</c>, and empty is true.</summary>
    private static bool Flag(string parameter, string option, string value) => value.ToLowerInvariant() switch
    {
        "" or "true" or "t" or "yes" or "y" or "1" => true,
        "false" or "f" or "no" or "n" or "0" => false,
        _ => throw Bad(parameter, option, $"{value} is neither true nor false"),
    };

    /// <summary>The options as they are, once <paramref name="value"/> is found to be a boolean.</summary>
    private static ReportOptions Unchanged(ReportOptions options, string parameter, string option, string value)
    {
        Flag(parameter, option, value);
        return options;
    }

    private static Granularity GranularityOf(string value)
    {
        var index = Array.IndexOf(Granularities, value.Length == 0 ? "functions" : value);
        return index >= 0
            ? (Granularity)index
            : throw Bad("g", "granularity", $"{value} is not one of {string.Join(", ", Granularities)}");
    }

    private static BadQueryException Bad(string parameter, string option, string why) => new($"{parameter} ({option}): {why}");
}
