using System.Globalization;
using System.Text;

namespace Pprof.Driver;

/// <summary><c>go tool pprof</c>'s command line: its flags, names and defaults, so that pasted commands work unchanged.</summary>
internal static class CommandLine
{
    private const string Sources = "Sources";
    private const string Misc = "Misc";

    private static readonly Config Defaults = new();

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

        foreach (var option in ConfigOptions.All)
        {
            if (option.Choices is { } choices)
            {
                foreach (var choice in choices)
                {
                    Bool(choice, $"Set {option.Name} to {choice}{(choice == option.Get(Defaults) ? " (default)" : "")}", option.Group);
                }
            }
            else
            {
                flags.Define(new(option.Name, option.Kind, option.Get(Defaults), option.Help, option.Group));
            }
        }

        Str("base", "Source of base profile for profile subtraction", Sources);
        Str("diff_base", "Source of base profile for comparison", Sources);
        Str("symbolize", "Symbolization: none ignores the symbol comments of Go's text profiles; demangle=templates|full keeps C++ names' templates or all", Sources);
        Str("add_comment", "Free-form annotation to add to the profile", Sources);
        Str("buildid", "Override build id for main binary", Sources);
        Int("seconds", "-1", "Duration for time-based profile collection", Sources);
        Int("timeout", "-1", "Timeout in seconds for profile collection", Sources);
        Int("max_body_mb", (FetchPolicy.DefaultMaxBodyBytes >> 20).ToString(CultureInfo.InvariantCulture),
            "Largest profile accepted from a URL, in MiB", Sources);
        Bool("cross_host_redirects", "Follow a URL's redirects to other hosts (by default only to the same host)", Sources);
        Str("tools", "Search path for object tools", Sources);
        Str("http", "Web interface at host:port (host defaults to localhost, port 0 picks a free one)", Misc);
        Bool("no_browser", "Skip opening a browser for the interactive web UI", Misc);

        foreach (var (flag, sampleIndex) in LegacySampleFlags)
        {
            Bool(flag, $"Same as -sample_index={sampleIndex}{(flag == "mean_delay" ? " -mean" : "")}", ConfigOptions.Samples);
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

        var config = Defaults;
        foreach (var option in ConfigOptions.All)
        {
            config = Apply(option, config, flags);
        }

        config = config with { Mean = config.Mean || flags.Bool("mean_delay") };
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
            Seconds = flags.Int("seconds"),
            Timeout = flags.Int("timeout"),
            Fetch = new FetchPolicy { MaxBodyBytes = MaxBodyBytes(flags.Int("max_body_mb")), CrossHostRedirects = flags.Bool("cross_host_redirects") },
        };
        var http = flags.String("http");
        return new Invocation(source, command, argument, config)
        {
            Verbose = flags.Bool("verbose"),
            Web = http.Length == 0 ? null : new WebRequest(http, OpenBrowser: !flags.Bool("no_browser")),
        };
    }

    private static long MaxBodyBytes(int mebibytes) => mebibytes > 0
        ? (long)mebibytes << 20
        : throw new UsageException($"-max_body_mb must be a positive number of MiB, not {mebibytes}");

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

            Without an output format, the interactive (pprof) shell: dotnet-pprof [options] <source> ...

            Profile a running .NET process into such files (dotnet-pprof collect --help says more):

               dotnet-pprof ps                                   the .NET processes you can attach to
               dotnet-pprof collect <kind> -p <pid> | -n <name>  allocs, heap, threads, cpu or gc

            Find what grows steadily in a series of profiles, and push profiles to Grafana Pyroscope (--help says more):

               dotnet-pprof leaks <profile>... | -p <pid> | -url <url>
               dotnet-pprof push --to <url> --service <name> <profile>... | -p <pid>

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

    private static Config Apply(ConfigOption option, Config config, GoFlagSet flags)
    {
        if (option.Choices is { } choices)
        {
            var set = choices.Where(flags.Bool).ToList();
            return set.Count switch
            {
                0 => config,
                1 => option.Set(config, set[0]),
                _ => throw new UsageException($"conflicting options set: [{string.Join(' ', set)}]"),
            };
        }

        if (!flags.IsSet(option.Name))
        {
            return config;
        }

        var value = option.Kind == FlagKind.Bool ? (flags.Bool(option.Name) ? "true" : "false") : flags.String(option.Name);
        return option.Set(config, value);
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
