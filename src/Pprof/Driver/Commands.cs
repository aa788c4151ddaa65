using Pprof.Reports;

namespace Pprof.Driver;

/// <summary>A report command (<c>-top</c>, <c>-peek</c>, ...): what it writes and whether it takes a regexp.</summary>
internal sealed record Command(string Name, ReportFormat Format, bool HasParameter, string Description)
{
    /// <summary>For <see cref="ReportFormat.Image"/>: Graphviz's name of the picture format (<c>dot -T</c>).</summary>
    public string ImageFormat { get; init; } = "";

    /// <summary>The picture is shown in a web browser rather than written out, unless <c>-output</c> names a file.</summary>
    public bool OpensInBrowser { get; init; }

    /// <summary>
    /// The extension of output that is no use on a terminal: there, as pprof does, it goes to a file instead
    /// (<c>profile001.svg</c>, ...). Null for text.
    /// </summary>
    public string? FileExtension => Format switch
    {
        ReportFormat.Image => ImageFormat,
        ReportFormat.FlameGraph => "svg",
        ReportFormat.Proto or ReportFormat.TopProto => "pb.gz",
        _ => null,
    };
}

/// <summary>The commands, as data: they drive the flags, the help text and report generation alike.</summary>
internal static class Commands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("top", ReportFormat.Text, false, "Outputs top entries in text form"),
        new("text", ReportFormat.Text, false, "Outputs top entries in text form"),
        new("tree", ReportFormat.Tree, false, "Outputs a text rendering of call graph"),
        new("peek", ReportFormat.Tree, true, "Outputs the callers and callees of functions matching a regexp"),
        new("traces", ReportFormat.Traces, false, "Outputs all profile samples in text form"),
        new("raw", ReportFormat.Raw, false, "Outputs a text representation of the raw profile"),
        new("comments", ReportFormat.Comments, false, "Outputs all profile comments"),
        new("tags", ReportFormat.Tags, false, "Outputs all tags in the profile"),
        new("dot", ReportFormat.Dot, false, "Outputs a graph in DOT format"),
        new("svg", ReportFormat.Image, false, "Outputs a graph in SVG format") { ImageFormat = "svg" },
        new("png", ReportFormat.Image, false, "Outputs a graph image in PNG format") { ImageFormat = "png" },
        new("pdf", ReportFormat.Image, false, "Outputs a graph in PDF format") { ImageFormat = "pdf" },
        new("gif", ReportFormat.Image, false, "Outputs a graph image in GIF format") { ImageFormat = "gif" },
        new("ps", ReportFormat.Image, false, "Outputs a graph in PS format") { ImageFormat = "ps" },
        new("web", ReportFormat.Image, false, "Visualize graph through web browser") { ImageFormat = "svg", OpensInBrowser = true },
        new("flamegraph", ReportFormat.FlameGraph, false, "Outputs an interactive flame graph in SVG format"),
        new("collapsed", ReportFormat.Collapsed, false, "Outputs folded stacks (a;b;c value) for flame graph tools"),
        new("callgrind", ReportFormat.Callgrind, false, "Outputs a graph in callgrind format"),
        new("list", ReportFormat.List, true, "Output annotated source for functions matching regexp"),
        new("proto", ReportFormat.Proto, false, "Outputs the profile in compressed protobuf format"),
        new("topproto", ReportFormat.TopProto, false, "Outputs top entries in compressed protobuf format"),
    ];

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
