namespace Pprof.Driver;

/// <summary>The kinds of output a command produces.</summary>
public enum OutputFormat
{
    Text,
    Proto,
}

/// <summary>A report command (<c>-top</c>, <c>-proto</c>, ...): what it writes and whether it takes a regexp.</summary>
public sealed record Command(string Name, OutputFormat Format, bool HasParameter, string Description, bool Binary = false);

/// <summary>The commands, as data: they drive the flags, the help text and report generation alike.</summary>
public static class Commands
{
    public static readonly IReadOnlyList<Command> All =
    [
        new("top", OutputFormat.Text, false, "Outputs top entries in text form"),
        new("text", OutputFormat.Text, false, "Outputs top entries in text form"),
        new("proto", OutputFormat.Proto, false, "Outputs the profile in compressed protobuf format", Binary: true),
    ];

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
