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
}

/// <summary>A report command (<c>-top</c>, <c>-peek</c>, ...): what it writes and whether it takes a regexp.</summary>
public sealed record Command(string Name, OutputFormat Format, bool HasParameter, string Description)
{
    /// <summary>
    /// The report prints samples and locations one by one, so a single profile is merged with itself first, as
    /// pprof merges every source (equal samples summed, ids renumbered in order of use).
    /// </summary>
    public bool ShowsSamples => Format is OutputFormat.Raw or OutputFormat.Traces or OutputFormat.Proto;
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
        new("proto", OutputFormat.Proto, false, "Outputs the profile in compressed protobuf format"),
    ];

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
