using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>How finely samples are told apart: the graph's nodes are functions, files, lines or addresses.</summary>
public enum Granularity
{
    Functions,
    FileFunctions,
    Files,
    Lines,
    Addresses,
}

/// <summary>
/// What a report shows and how, as pprof's options do (each property names its flag). The defaults are pprof's.
/// </summary>
public sealed record ReportOptions
{
    public static readonly ReportOptions Default = new();

    /// <summary>Which samples, frames and labels the report keeps.</summary>
    public ProfileFilter Filter { get; init; } = ProfileFilter.None;

    /// <summary>
    /// The value to report (<c>-sample_index</c>): a sample type's name (<c>alloc_space</c>) or its index; null for the
    /// profile's default, else its last.
    /// </summary>
    public string? SampleIndex { get; init; }

    /// <summary>Divides each value by the sample's count (the first value), as <c>-mean</c> does.</summary>
    public bool Mean { get; init; }

    /// <summary>Divides every value before it is shown (<c>-divide_by</c>).</summary>
    public double DivideBy { get; init; } = 1;

    public Granularity Granularity { get; init; } = Granularity.Functions;

    /// <summary>Attributes inlined functions to their first out-of-line caller (<c>-noinlines</c>).</summary>
    public bool NoInlines { get; init; }

    /// <summary>Sorts by cum rather than flat (<c>-cum</c>).</summary>
    public bool CumSort { get; init; }

    /// <summary>At most this many nodes (<c>-nodecount</c>); null for the report's default: all in text, 80 in graphs.</summary>
    public int? NodeCount { get; init; }

    /// <summary>Hides nodes below this fraction of the total (<c>-nodefraction</c>).</summary>
    public double NodeFraction { get; init; } = 0.005;

    /// <summary>Hides edges below this fraction of the total (<c>-edgefraction</c>).</summary>
    public double EdgeFraction { get; init; } = 0.001;

    /// <summary>False shows every node and edge, whatever the count and fractions say (<c>-trim=false</c>).</summary>
    public bool Trim { get; init; } = true;

    /// <summary>Leaves out negative differences (<c>-drop_negative</c>).</summary>
    public bool DropNegative { get; init; }

    /// <summary>Percentages of what the filters kept rather than of the whole profile (<c>-relative_percentages</c>).</summary>
    public bool RelativePercentages { get; init; }

    /// <summary>The unit to show values in (<c>-unit</c>): <c>minimum</c> (pprof's default), <c>auto</c>, or one such as <c>MB</c> or <c>ms</c>.</summary>
    public string Unit { get; init; } = "minimum";

    /// <summary>Shorter header lines (<c>-compact_labels</c>).</summary>
    public bool CompactLabels { get; init; }

    /// <summary>Where <c>list</c> looks for source files (<c>-source_path</c>), and the prefix it trims first (<c>-trim_path</c>).</summary>
    public string SourcePath { get; init; } = "";

    public string TrimPath { get; init; } = "";

    /// <summary>
    /// Label keys whose values become pseudo-frames at the root of every stack (<c>-tagroot</c>), the first key
    /// outermost: a frame is named after the sample's values of the key, joined by commas.
    /// </summary>
    public IReadOnlyList<string> TagRoot { get; init; } = [];

    /// <summary>Label keys whose values become pseudo-frames at the leaf of every stack (<c>-tagleaf</c>), the last key innermost.</summary>
    public IReadOnlyList<string> TagLeaf { get; init; } = [];
}
