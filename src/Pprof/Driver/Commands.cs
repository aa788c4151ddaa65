namespace Pprof.Driver;

/// <summary>The kinds of output a command produces.</summary>
public enum OutputFormat
{
    Text,
    Tree,
    Traces,
    Raw,
    Comments,
    Tags,
    Dot,
    Proto,

    /// <summary>The <c>-top</c> list as a profile (sample types cum and flat).</summary>
    TopProto,
    List,
    Callgrind,

    /// <summary>The DOT report drawn by Graphviz, in the command's <see cref="Command.ImageFormat"/>.</summary>
    Image,
    FlameGraph,
    Collapsed,
}

/// <summary>A report command (<c>-top</c>, <c>-peek</c>, ...): what it writes and whether it takes a regexp.</summary>
public sealed record Command(string Name, OutputFormat Format, bool HasParameter, string Description)
{
    /// <summary>
    /// The report prints samples and locations one by one, so a single profile is merged with itself first, as
    /// pprof merges every source (equal samples summed, ids renumbered in order of use).
    /// </summary>
    public bool ShowsSamples => Format is OutputFormat.Raw or OutputFormat.Traces or OutputFormat.Proto;

    /// <summary>The report is built from the call graph (nodes named by function, file and line).</summary>
    public bool DrawsGraph => Format is OutputFormat.Text or OutputFormat.TopProto or OutputFormat.Tree or OutputFormat.Dot or OutputFormat.Image
        or OutputFormat.List or OutputFormat.Callgrind;

    /// <summary>For <see cref="OutputFormat.Image"/>: Graphviz's name of the picture format (<c>dot -T</c>).</summary>
    public string ImageFormat { get; init; } = "";

    /// <summary>The picture is shown in a web browser rather than written out, unless <c>-output</c> names a file.</summary>
    public bool OpensInBrowser { get; init; }

    /// <summary>
    /// The extension of output that is no use on a terminal: there, as pprof does, it goes to a file instead
    /// (<c>profile001.svg</c>, ...). Null for text.
    /// </summary>
    public string? FileExtension => Format switch
    {
        OutputFormat.Image => ImageFormat,
        OutputFormat.FlameGraph => "svg",
        OutputFormat.Proto or OutputFormat.TopProto => "pb.gz",
        _ => null,
    };
}

/// <summary>The commands, as data: they drive the flags, the help text and report generation alike.</summary>
public static class Commands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("top", OutputFormat.Text, false, "Outputs top entries in text form"),
        new("text", OutputFormat.Text, false, "Outputs top entries in text form"),
        new("tree", OutputFormat.Tree, false, "Outputs a text rendering of call graph"),
        new("peek", OutputFormat.Tree, true, "Outputs the callers and callees of functions matching a regexp"),
        new("traces", OutputFormat.Traces, false, "Outputs all profile samples in text form"),
        new("raw", OutputFormat.Raw, false, "Outputs a text representation of the raw profile"),
        new("comments", OutputFormat.Comments, false, "Outputs all profile comments"),
        new("tags", OutputFormat.Tags, false, "Outputs all tags in the profile"),
        new("dot", OutputFormat.Dot, false, "Outputs a graph in DOT format"),
        new("svg", OutputFormat.Image, false, "Outputs a graph in SVG format") { ImageFormat = "svg" },
        new("png", OutputFormat.Image, false, "Outputs a graph image in PNG format") { ImageFormat = "png" },
        new("pdf", OutputFormat.Image, false, "Outputs a graph in PDF format") { ImageFormat = "pdf" },
        new("gif", OutputFormat.Image, false, "Outputs a graph image in GIF format") { ImageFormat = "gif" },
        new("ps", OutputFormat.Image, false, "Outputs a graph in PS format") { ImageFormat = "ps" },
        new("web", OutputFormat.Image, false, "Visualize graph through web browser") { ImageFormat = "svg", OpensInBrowser = true },
        new("flamegraph", OutputFormat.FlameGraph, false, "Outputs an interactive flame graph in SVG format"),
        new("collapsed", OutputFormat.Collapsed, false, "Outputs folded stacks (a;b;c value) for flame graph tools"),
        new("callgrind", OutputFormat.Callgrind, false, "Outputs a graph in callgrind format"),
        new("list", OutputFormat.List, true, "Output annotated source for functions matching regexp"),
        new("proto", OutputFormat.Proto, false, "Outputs the profile in compressed protobuf format"),
        new("topproto", OutputFormat.TopProto, false, "Outputs top entries in compressed protobuf format"),
    ];

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
