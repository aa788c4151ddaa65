using System.Globalization;
using System.Text;

namespace Pprof.Driver;

/// <summary><c>go tool pprof</c>'s command line: its flags, names and defaults, so that pasted commands work unchanged.</summary>
public static class CommandLine
{
    private const string Sort = "Sort order";
    private const string Granularity = "Granularity";
    private const string Filters = "Filtering";
    private const string Display = "Display";
    private const string Sources = "Sources";
    private const string Samples = "Sample values";
    private const string Misc = "Misc";

    private static readonly string[] SortChoices = ["flat", "cum"];
    private static readonly string[] GranularityChoices = ["functions", "filefunctions", "files", "lines", "addresses"];

    private static readonly (string Flag, string SampleIndex)[] LegacySampleFlags =
    [
        ("total_delay", "delay"),
        ("mean_delay", "delay"),
        ("contentions", "contentions"),
        ("inuse_space", "inuse_space"),
        ("inuse_objects", "inuse_objects"),
        ("alloc_space", "alloc_space"),
        ("alloc_objects", "alloc_objects"),
    ];

    public static GoFlagSet CreateFlagSet()
    {
        var flags = new GoFlagSet();
        void Bool(string name, string help, string group) => flags.Define(new(name, FlagKind.Bool, "false", help, group));
        void Str(string name, string help, string group, string value = "") => flags.Define(new(name, FlagKind.String, value, help, group));
        void Int(string name, string value, string help, string group) => flags.Define(new(name, FlagKind.Int, value, help, group));
        void Float(string name, string value, string help, string group) => flags.Define(new(name, FlagKind.Float, value, help, group));

        foreach (var command in Commands.All)
        {
            if (command.HasParameter)
            {
                Str(command.Name, command.Description + " (takes a regexp)", "Output formats");
            }
            else
            {
                Bool(command.Name, command.Description, "Output formats");
            }
        }

        Str("output", "Output filename for file-based outputs", Display);
        Bool("flat", "Sort entries based on own weight (default)", Sort);
        Bool("cum", "Sort entries based on cumulative weight", Sort);
        Bool("functions", "Aggregate at the function level (default)", Granularity);
        Bool("filefunctions", "Aggregate at the function level, keeping the file the function is defined in", Granularity);
        Bool("files", "Aggregate at the file level", Granularity);
        Bool("lines", "Aggregate at the source code line level", Granularity);
        Bool("addresses", "Aggregate at the address level", Granularity);
        Bool("noinlines", "Attribute inlined functions to their first out-of-line caller", Granularity);

        Int("nodecount", "-1", "Max number of nodes to show", Filters);
        Float("nodefraction", "0.005", "Hide nodes below <f>*total", Filters);
        Float("edgefraction", "0.001", "Hide edges below <f>*total", Filters);
        flags.Define(new("trim", FlagKind.Bool, "true", "Honor nodefraction/edgefraction/nodecount defaults (-trim=false shows everything)", Filters));
        Str("focus", "Restricts to samples going through a node matching regexp", Filters);
        Str("ignore", "Skips paths going through any nodes matching regexp", Filters);
        Str("hide", "Skips nodes matching regexp", Filters);
        Str("show", "Only show nodes matching regexp", Filters);
        Str("show_from", "Drops functions above the highest matched frame", Filters);
        Str("prune_from", "Drops any functions below the matched frame", Filters);
        Str("tagfocus", "Restricts to samples with tags in range or matched by regexp (1kb:10kb, key=regexp)", Filters);
        Str("tagignore", "Discard samples with tags in range or matched by regexp", Filters);
        Str("tagshow", "Only consider tags matching this regexp", Filters);
        Str("taghide", "Skip tags matching this regexp", Filters);
        Bool("drop_negative", "Ignore negative differences", Filters);

        Str("sample_index", "Sample value to report (0-based index or name)", Samples);
        Bool("mean", "Average sample value over first value (count)", Samples);
        Float("divide_by", "1", "Ratio to divide all samples before visualization", Samples);
        Str("unit", "Measurement units to display (minimum, auto, B, kB, MB, ms, s, ...)", Display, "minimum");
        Bool("compact_labels", "Show minimal headers", Display);
        Bool("call_tree", "Create a context-sensitive call tree", Display);
        Bool("relative_percentages", "Show percentages relative to focused subgraph", Display);
        Str("source_path", "Search path for source files", Display);
        Str("trim_path", "Path to trim from source paths before search", Display);
        Bool("intel_syntax", "Show assembly in Intel syntax", Display);
        Bool("normalize", "Scales profile based on the base profile", Sources);

        Str("base", "Source of base profile for profile subtraction", Sources);
        Str("diff_base", "Source of base profile for comparison", Sources);
        Str("symbolize", "Symbolization: none ignores the symbol comments of Go's text profiles", Sources);
        Str("add_comment", "Free-form annotation to add to the profile", Sources);
        Str("buildid", "Override build id for main binary", Sources);
        Int("seconds", "-1", "Duration for time-based profile collection", Sources);
        Int("timeout", "-1", "Timeout in seconds for profile collection", Sources);
        Str("tools", "Search path for object tools", Sources);
        Str("http", "Present interactive web UI at the specified http host:port", Misc);
        Bool("no_browser", "Skip opening a browser for the interactive web UI", Misc);

        foreach (var (flag, sampleIndex) in LegacySampleFlags)
        {
            Bool(flag, $"Same as -sample_index={sampleIndex}{(flag == "mean_delay" ? " -mean" : "")}", Samples);
        }

        Bool("verbose", "Print stack traces of internal errors", Misc);
        Bool("help", "Show this help", Misc);
        Bool("h", "Show this help", Misc);
        return flags;
    }

    /// <summary>Parses a command line; <paramref name="warnings"/> receives what pprof would warn about.</summary>
    public static Invocation Parse(IReadOnlyList<string> args, GoFlagSet flags, Action<string> warnings)
    {
        var positional = flags.Parse(args);
        if (positional.Count == 0)
        {
            throw new UsageException("no profile source specified");
        }

        var config = new Config
        {
            Output = flags.String("output"),
            CallTree = flags.Bool("call_tree"),
            RelativePercentages = flags.Bool("relative_percentages"),
            Unit = flags.String("unit"),
            CompactLabels = flags.Bool("compact_labels"),
            SourcePath = flags.String("source_path"),
            TrimPath = flags.String("trim_path"),
            Mean = flags.Bool("mean") || flags.Bool("mean_delay"),
            SampleIndex = flags.String("sample_index"),
            DivideBy = flags.Float("divide_by"),
            Normalize = flags.Bool("normalize"),
            Sort = Choice(flags, SortChoices, "flat"),
            DropNegative = flags.Bool("drop_negative"),
            NodeCount = flags.Int("nodecount"),
            NodeFraction = flags.Float("nodefraction"),
            EdgeFraction = flags.Float("edgefraction"),
            Trim = flags.Bool("trim"),
            Focus = flags.String("focus"),
            Ignore = flags.String("ignore"),
            PruneFrom = flags.String("prune_from"),
            Hide = flags.String("hide"),
            Show = flags.String("show"),
            ShowFrom = flags.String("show_from"),
            TagFocus = flags.String("tagfocus"),
            TagIgnore = flags.String("tagignore"),
            TagShow = flags.String("tagshow"),
            TagHide = flags.String("taghide"),
            NoInlines = flags.Bool("noinlines"),
            Granularity = Choice(flags, GranularityChoices, "functions"),
        };

        var sampleIndex = config.SampleIndex;
        foreach (var (flag, index) in LegacySampleFlags)
        {
            if (!flags.Bool(flag))
            {
                continue;
            }

            if (sampleIndex.Length == 0)
            {
                sampleIndex = index;
            }
            else
            {
                warnings($"Multiple value selections, ignoring -{flag}");
            }
        }

        config = config with { SampleIndex = sampleIndex };

        var (command, argument) = SelectCommand(flags);
        if (command is not null && flags.String("http").Length != 0)
        {
            throw new UsageException("-http is not compatible with an output format on the command line");
        }

        if (flags.Bool("no_browser") && flags.String("http").Length == 0)
        {
            throw new UsageException("-no_browser only makes sense with -http");
        }

        var bases = flags.All("base").Where(b => b.Length != 0).ToList();
        var diffBases = flags.All("diff_base").Where(b => b.Length != 0).ToList();
        if (bases.Count > 0 && diffBases.Count > 0)
        {
            throw new UsageException("-base and -diff_base flags cannot both be specified");
        }

        if (config.Normalize && bases.Count + diffBases.Count == 0)
        {
            throw new UsageException("must have base profile to normalize by");
        }

        var source = new SourceOptions
        {
            Sources = positional,
            Bases = diffBases.Count > 0 ? diffBases : bases,
            DiffBase = diffBases.Count > 0,
            Normalize = config.Normalize,
            Symbolize = flags.String("symbolize"),
            Comment = flags.String("add_comment"),
        };
        return new Invocation(source, command, argument, config) { Verbose = flags.Bool("verbose") };
    }

    public static string Usage(GoFlagSet flags)
    {
        var text = new StringBuilder();
        text.Append("""
            usage:

            Produce output in the specified format.

               dotnet-pprof <format> [options] <source> ...

            The flags are those of go tool pprof: one or two dashes, -flag=value or -flag value.
            Sources are profile.proto files (gzip-compressed or not) and Go's text profiles
            (heap ?debug=1, goroutine ?debug=1 and ?debug=2). Several sources are merged.

            Example:

               dotnet-pprof -top -sample_index=alloc_space heap.pb.gz
               dotnet-pprof -top -diff_base before.pb.gz after.pb.gz

            """);
        foreach (var group in flags.Definitions.GroupBy(d => d.Group))
        {
            text.Append('\n').Append("  ").Append(group.Key).Append(":\n");
            foreach (var flag in group)
            {
                var name = flag.Kind == FlagKind.Bool ? "-" + flag.Name : $"-{flag.Name} {Placeholder(flag)}";
                text.Append(CultureInfo.InvariantCulture, $"    {name,-24} {flag.Help}");
                if (flag.Kind != FlagKind.Bool && flag.Default.Length != 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $" (default {flag.Default})");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Placeholder(FlagDefinition flag) => flag.Kind switch
    {
        FlagKind.Int => "N",
        FlagKind.Float => "F",
        _ => flag.Name is "base" or "diff_base" ? "source" : "value",
    };

    private static string Choice(GoFlagSet flags, string[] choices, string fallback)
    {
        var set = choices.Where(flags.Bool).ToList();
        return set.Count switch
        {
            0 => fallback,
            1 => set[0],
            _ => throw new UsageException($"conflicting options set: [{string.Join(' ', set)}]"),
        };
    }

    private static (Command? Command, string? Argument) SelectCommand(GoFlagSet flags)
    {
        Command? selected = null;
        string? argument = null;
        foreach (var command in Commands.All)
        {
            var set = command.HasParameter ? flags.String(command.Name).Length != 0 : flags.Bool(command.Name);
            if (!set)
            {
                continue;
            }

            if (selected is not null)
            {
                throw new UsageException("must set at most one output format");
            }

            selected = command;
            argument = command.HasParameter ? flags.String(command.Name) : null;
        }

        return (selected, argument);
    }
}
