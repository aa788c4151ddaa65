using System.Globalization;

namespace Pprof.Driver;

/// <summary>
/// One report option: its name (the flag and the interactive <c>name=value</c>), kind, help, and how to read and
/// set it on a <see cref="Config"/>. An option with <see cref="Choices"/> is set by naming a choice (<c>-cum</c>).
/// </summary>
internal sealed record ConfigOption(
    string Name,
    FlagKind Kind,
    string Group,
    string Help,
    Func<Config, string> Get,
    Func<Config, string, Config> Set,
    IReadOnlyList<string>? Choices = null);

/// <summary>The report options as data: they make the flags, the interactive settings and their help alike.</summary>
internal static class ConfigOptions
{
    public const string Display = "Display";
    public const string Filters = "Filtering";
    public const string Samples = "Sample values";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<ConfigOption> All =
    [
        Text("output", Display, "Output filename for file-based outputs", c => c.Output, (c, v) => c with { Output = v }),
        new("sort", FlagKind.Bool, "Sort order", "Sort entries based on own weight (flat, the default) or cumulative weight (cum)",
            c => c.Sort, (c, v) => c with { Sort = v }, ["flat", "cum"]),
        new("granularity", FlagKind.Bool, "Granularity",
            "Aggregate at the function (default), function and file, file, source line or address level",
            c => c.Granularity, (c, v) => c with { Granularity = v }, ["functions", "filefunctions", "files", "lines", "addresses"]),
        Switch("noinlines", "Granularity", "Attribute inlined functions to their first out-of-line caller",
            c => c.NoInlines, (c, v) => c with { NoInlines = v }),
        new("nodecount", FlagKind.Int, Filters, "Max number of nodes to show (-1: 80 for graphs, all for text)",
            c => c.NodeCount.ToString(Invariant), (c, v) => c with { NodeCount = int.Parse(v, Invariant) }),
        new("nodefraction", FlagKind.Float, Filters, "Hide nodes below <f>*total",
            c => Number(c.NodeFraction), (c, v) => c with { NodeFraction = double.Parse(v, Invariant) }),
        new("edgefraction", FlagKind.Float, Filters, "Hide edges below <f>*total",
            c => Number(c.EdgeFraction), (c, v) => c with { EdgeFraction = double.Parse(v, Invariant) }),
        Switch("trim", Filters, "Honor nodefraction/edgefraction/nodecount defaults (-trim=false shows everything)",
            c => c.Trim, (c, v) => c with { Trim = v }),
        Text("focus", Filters, "Restricts to samples going through a node matching regexp", c => c.Focus, (c, v) => c with { Focus = v }),
        Text("ignore", Filters, "Skips paths going through any nodes matching regexp", c => c.Ignore, (c, v) => c with { Ignore = v }),
        Text("hide", Filters, "Skips nodes matching regexp", c => c.Hide, (c, v) => c with { Hide = v }),
        Text("show", Filters, "Only show nodes matching regexp", c => c.Show, (c, v) => c with { Show = v }),
        Text("show_from", Filters, "Drops functions above the highest matched frame", c => c.ShowFrom, (c, v) => c with { ShowFrom = v }),
        Text("prune_from", Filters, "Drops any functions below the matched frame", c => c.PruneFrom, (c, v) => c with { PruneFrom = v }),
        Text("tagfocus", Filters, "Restricts to samples with tags in range or matched by regexp (1kb:10kb, key=regexp)",
            c => c.TagFocus, (c, v) => c with { TagFocus = v }),
        Text("tagignore", Filters, "Discard samples with tags in range or matched by regexp",
            c => c.TagIgnore, (c, v) => c with { TagIgnore = v }),
        Text("tagshow", Filters, "Only consider tags matching this regexp", c => c.TagShow, (c, v) => c with { TagShow = v }),
        Text("taghide", Filters, "Skip tags matching this regexp", c => c.TagHide, (c, v) => c with { TagHide = v }),
        Text("tagroot", Filters, "Adds pseudo stack frames for label values at the callstack root (comma-separated keys, the first outermost)",
            c => c.TagRoot, (c, v) => c with { TagRoot = v }),
        Text("tagleaf", Filters, "Adds pseudo stack frames for label values at the callstack leaf (comma-separated keys, the last innermost)",
            c => c.TagLeaf, (c, v) => c with { TagLeaf = v }),
        Switch("drop_negative", Filters, "Ignore negative differences", c => c.DropNegative, (c, v) => c with { DropNegative = v }),
        Text("sample_index", Samples, "Sample value to report (0-based index or name)",
            c => c.SampleIndex, (c, v) => c with { SampleIndex = v }),
        Switch("mean", Samples, "Average sample value over first value (count)", c => c.Mean, (c, v) => c with { Mean = v }),
        new("divide_by", FlagKind.Float, Samples, "Ratio to divide all samples before visualization",
            c => Number(c.DivideBy), (c, v) => c with { DivideBy = double.Parse(v, Invariant) }),
        Switch("normalize", Samples, "Scales profile based on the base profile", c => c.Normalize, (c, v) => c with { Normalize = v }),
        Text("unit", Display, "Measurement units to display (minimum, auto, B, kB, MB, ms, s, ...)",
            c => c.Unit, (c, v) => c with { Unit = v }),
        Switch("compact_labels", Display, "Show minimal headers", c => c.CompactLabels, (c, v) => c with { CompactLabels = v }),
        Switch("call_tree", Display, "Create a context-sensitive call tree", c => c.CallTree, (c, v) => c with { CallTree = v }),
        Switch("relative_percentages", Display, "Show percentages relative to focused subgraph",
            c => c.RelativePercentages, (c, v) => c with { RelativePercentages = v }),
        Text("source_path", Display, "Search path for source files", c => c.SourcePath, (c, v) => c with { SourcePath = v }),
        Text("trim_path", Display, "Path to trim from source paths before search", c => c.TrimPath, (c, v) => c with { TrimPath = v }),
    ];

    /// <summary>The option named <paramref name="name"/>, or the one that has <paramref name="name"/> as a choice.</summary>
    public static ConfigOption? Find(string name) =>
        All.FirstOrDefault(o => o.Name == name) ?? All.FirstOrDefault(o => o.Choices?.Contains(name) == true);

    public static bool IsValid(ConfigOption option, string value) => option.Kind switch
    {
        FlagKind.Int => int.TryParse(value, NumberStyles.AllowLeadingSign, Invariant, out _),
        FlagKind.Float => double.TryParse(value, NumberStyles.Float, Invariant, out _),
        FlagKind.Bool when option.Choices is not null => option.Choices.Contains(value),
        FlagKind.Bool => value is "true" or "false",
        _ => true,
    };

    private static ConfigOption Text(string name, string group, string help, Func<Config, string> get, Func<Config, string, Config> set) =>
        new(name, FlagKind.String, group, help, get, set);

    private static ConfigOption Switch(string name, string group, string help, Func<Config, bool> get, Func<Config, bool, Config> set) =>
        new(name, FlagKind.Bool, group, help, c => get(c) ? "true" : "false", (c, v) => set(c, v == "true"));

    private static string Number(double value) => value.ToString(Invariant);
}
