namespace Pprof.Reports;

/// <summary>The reports pprof writes, each named after the command that asks for it.</summary>
public enum ReportFormat
{
    /// <summary><c>-top</c>: one row per function (or line, file, address) with flat, sum and cum.</summary>
    Text,

    /// <summary><c>-tree</c>, and <c>-peek</c> when given a regexp: each node with its callers and callees.</summary>
    Tree,

    /// <summary><c>-traces</c>: every sample with its stack.</summary>
    Traces,

    /// <summary><c>-raw</c>: the profile as text, sample by sample and location by location.</summary>
    Raw,

    /// <summary><c>-comments</c>: the profile's comments.</summary>
    Comments,

    /// <summary><c>-tags</c>: how the value splits over each label's values.</summary>
    Tags,

    /// <summary><c>-dot</c>: the call graph for Graphviz.</summary>
    Dot,

    /// <summary><c>-proto</c>: the filtered profile, gzip-compressed profile.proto.</summary>
    Proto,

    /// <summary><c>-topproto</c>: the <c>-top</c> list as a profile (sample types cum and flat).</summary>
    TopProto,

    /// <summary><c>-list</c>: annotated source of the functions matching a regexp.</summary>
    List,

    /// <summary><c>-callgrind</c>: the call graph for KCachegrind.</summary>
    Callgrind,

    /// <summary><c>-svg</c>, <c>-png</c>, ...: the call graph drawn by Graphviz's <c>dot</c>.</summary>
    Image,

    /// <summary><c>-flamegraph</c>: an interactive flame graph in SVG.</summary>
    FlameGraph,

    /// <summary><c>-collapsed</c>: folded stacks (<c>a;b;c value</c>) for flame graph tools.</summary>
    Collapsed,
}

/// <summary>What each report needs from the profile before it is written.</summary>
internal static class ReportFormats
{
    /// <summary>
    /// The report prints samples and locations one by one, so a single profile is merged with itself first, as
    /// pprof merges every source (equal samples summed, ids renumbered in order of use).
    /// </summary>
    public static bool ShowsSamples(this ReportFormat format) => format is ReportFormat.Raw or ReportFormat.Traces or ReportFormat.Proto;

    /// <summary>The report is built from the call graph (nodes named by function, file and line).</summary>
    public static bool DrawsGraph(this ReportFormat format) => format is ReportFormat.Text or ReportFormat.TopProto or ReportFormat.Tree
        or ReportFormat.Dot or ReportFormat.Image or ReportFormat.List or ReportFormat.Callgrind;
}
