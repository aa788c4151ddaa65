using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Driver;

/// <summary>Runs one report command on its own copy of the profile, with the options of the moment.</summary>
internal delegate void ReportRunner(Profile profile, Command command, string? argument, Config config);

/// <summary>
/// The <c>(pprof)</c> prompt: report commands as in <c>go tool pprof</c> (<c>top</c>, <c>top20 -cum</c>,
/// <c>peek regexp</c>, <c>list</c>, ...), options set with <c>name=value</c> and kept across commands,
/// <c>o</c> to show them, <c>help</c>, and <c>quit</c> or end of input to leave.
/// </summary>
internal sealed partial class InteractiveShell(Profile profile, Config config, ILineReader input, TextWriter messages, ReportRunner runReport)
{
    private const string CommentStart = "//:";
    private Config _config = config with { CompactLabels = true };

    [GeneratedRegex("[0-9]+$")]
    private static partial Regex TrailingDigits();

    public void Run()
    {
        Greet();
        while (input.ReadLine("(pprof) ") is { } line)
        {
            foreach (var expanded in Expand(line.Trim()))
            {
                if (!Execute(expanded))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Words a user may complete with the tab key: commands, options and their choices.</summary>
    public static IEnumerable<string> CompletionWords() =>
        Commands.All.Select(c => c.Name)
            .Concat(ConfigOptions.All.Select(o => o.Name))
            .Concat(ConfigOptions.All.SelectMany(o => o.Choices ?? []))
            .Concat(["help", "options", "quit", "exit"])
            .Distinct()
            .Order(StringComparer.Ordinal);

    private void Greet()
    {
        try
        {
            var index = SampleIndex.Resolve(profile, _config.SampleIndex);
            var type = profile.SampleTypes[index];
            var options = new ReportSettings { SampleIndex = index, SampleType = type.Type, SampleUnit = type.Unit.ToLowerInvariant() };
            var report = new Report(profile, options);
            foreach (var label in ReportLabels.ProfileLabels(report))
            {
                messages.WriteLine(label);
            }

            if (report.Total == 0 && profile.SampleTypes.Count > 1)
            {
                messages.WriteLine("No samples were found with the default sample value type.");
                messages.WriteLine("Try \"sample_index\" command to analyze different sample values.\n");
            }
        }
        catch (ArgumentException error)
        {
            messages.WriteLine(error.Message);
        }

        messages.WriteLine("Entering interactive mode (type \"help\" for commands, \"o\" for options)");
    }

    /// <summary>Shortcuts: <c>:</c> clears the filters, a sample type's name selects it (<c>mean_</c>/<c>total_</c> too).</summary>
    private IEnumerable<string> Expand(string line)
    {
        if (line == ":")
        {
            return ["focus=", "ignore=", "hide=", "tagfocus=", "tagignore="];
        }

        foreach (var type in profile.SampleTypes.Select(t => t.Type))
        {
            if (line == type)
            {
                return ["sample_index=" + type];
            }

            if (line == "total_" + type)
            {
                return ["mean=false", "sample_index=" + type];
            }

            if (line == "mean_" + type)
            {
                return ["mean=true", "sample_index=" + type];
            }
        }

        return [line];
    }

    /// <summary>Runs one line; false when the user leaves.</summary>
    private bool Execute(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        var name = (equals >= 0 ? line[..equals] : line).Trim();
        if (ConfigOptions.Find(name) is { } option && (equals >= 0 || !line.Contains(' ', StringComparison.Ordinal)))
        {
            SetOption(option, name, equals >= 0 ? StripComment(line[(equals + 1)..]) : null);
            return true;
        }

        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return true;
        }

        switch (tokens[0])
        {
            case "o" or "options":
                PrintOptions();
                return true;
            case "exit" or "quit" or "q":
                return false;
            case "help":
                PrintHelp(string.Join(' ', tokens.Skip(1)));
                return true;
        }

        try
        {
            var (command, argument, commandConfig) = ParseCommand(tokens);
            runReport(profile.Clone(), command, argument, commandConfig);
        }
        catch (Exception error) when (error is UsageException or ProfileFormatException or ReportException or OutputException)
        {
            messages.WriteLine(error.Message);
        }

        return true;
    }

    private void SetOption(ConfigOption option, string name, string? value)
    {
        if (option.Choices is not null && option.Name != name)
        {
            // A choice named on its own ("cum", "lines") selects it.
            _config = option.Set(_config, name);
            return;
        }

        if (value is null)
        {
            if (option.Kind != FlagKind.Bool || option.Choices is not null)
            {
                messages.WriteLine($"please specify a value, e.g. {name}=<val>");
                return;
            }

            value = "true";
        }

        if (name == "sample_index" && value.Length != 0)
        {
            try
            {
                value = profile.SampleTypes[SampleIndex.Resolve(profile, value)].Type;
            }
            catch (ArgumentException error)
            {
                messages.WriteLine(error.Message);
                return;
            }
        }

        value = option.Kind == FlagKind.Bool && option.Choices is null ? NormalizeBool(value) : value;
        if (!ConfigOptions.IsValid(option, value))
        {
            messages.WriteLine($"invalid value \"{value}\" for {name}");
            return;
        }

        _config = option.Set(_config, value);
    }

    /// <summary>
    /// <c>top20 -cum regexp -regexp &gt;file</c>: a number sets the node count, <c>-cum</c> the order, <c>&gt;</c> the
    /// output file; other words focus on (or with <c>-</c>, ignore) what they match. None of it outlives the command.
    /// </summary>
    private (Command Command, string? Argument, Config Config) ParseCommand(string[] tokens)
    {
        var name = tokens[0];
        var arguments = tokens.Skip(1).ToList();
        var command = Commands.Find(name);
        if (command is null && TrailingDigits().Match(name) is { Success: true } digits && digits.Value != name)
        {
            name = name[..^digits.Length];
            arguments.Insert(0, digits.Value);
            command = Commands.Find(name);
        }

        if (command is null)
        {
            throw new UsageException(ConfigOptions.Find(name) is not null
                ? $"did you mean: {name}={(arguments.Count > 0 ? arguments[0] : "<val>")}"
                : $"unrecognized command: \"{name}\"");
        }

        string? argument = null;
        if (command.HasParameter)
        {
            if (arguments.Count == 0)
            {
                throw new UsageException($"command {name} requires an argument");
            }

            argument = arguments[0];
            arguments.RemoveAt(0);
        }

        var result = _config;
        string focus = "", ignore = "";
        for (var i = 0; i < arguments.Count; i++)
        {
            var token = arguments[i];
            if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                result = result with { NodeCount = count };
            }
            else if (token[0] == '>')
            {
                var file = token[1..];
                if (file.Length == 0)
                {
                    file = ++i < arguments.Count ? arguments[i] : throw new UsageException("unexpected end of line after >");
                }

                result = result with { Output = file };
            }
            else if (token is "-cum" or "--cum")
            {
                result = result with { Sort = "cum" };
            }
            else if (token[0] == '-')
            {
                ignore = Join(ignore, token[1..]);
            }
            else
            {
                focus = Join(focus, token);
            }
        }

        result = command.Format == ReportFormat.Tags
            ? result with { TagFocus = focus.Length != 0 ? focus : result.TagFocus, TagIgnore = ignore.Length != 0 ? ignore : result.TagIgnore }
            : result with { Focus = focus.Length != 0 ? focus : result.Focus, Ignore = ignore.Length != 0 ? ignore : result.Ignore };
        if (result.NodeCount == -1 && command.Format == ReportFormat.Text)
        {
            result = result with { NodeCount = 10 };
        }

        return (command, argument, result);
    }

    private void PrintOptions()
    {
        var lines = new List<string>();
        foreach (var option in ConfigOptions.All.Where(o => o.Name != "source_path"))
        {
            var value = option.Get(_config);
            var comment = "";
            if (option.Choices is { } choices)
            {
                comment = "[" + string.Join(" | ", choices.Order(StringComparer.Ordinal)) + "]";
            }
            else if (option.Name == "sample_index")
            {
                var types = profile.SampleTypes.Select(t => t.Type).ToList();
                value = value.Length == 0 ? profile.SampleTypes[SampleIndex.Resolve(profile, "")].Type : value;
                comment = "[" + string.Join(" | ", types) + "]";
            }
            else if (option.Name == "nodecount" && value == "-1")
            {
                comment = "default";
            }
            else if (value.Length == 0)
            {
                value = "\"\"";
            }

            lines.Add($"  {option.Name,-25} = {value,-20} {(comment.Length != 0 ? CommentStart + " " + comment : "")}");
        }

        lines.Sort(StringComparer.Ordinal);
        messages.WriteLine(string.Join('\n', lines));
    }

    private void PrintHelp(string topic)
    {
        if (topic.Length == 0)
        {
            var help = new StringBuilder("  Commands:\n");
            foreach (var command in Commands.All)
            {
                help.Append(CultureInfo.InvariantCulture, $"    {command.Name + (command.HasParameter ? " <regexp>" : ""),-20} {command.Description}\n");
            }

            help.Append("    o/options            Show the options and their values\n");
            help.Append("    quit/exit/^D         Leave\n\n  Options (set with name=value; a choice such as cum or lines alone selects it):\n");
            foreach (var option in ConfigOptions.All)
            {
                var name = option.Choices is { } choices ? string.Join('|', choices) : option.Name;
                help.Append(CultureInfo.InvariantCulture, $"    {name,-20} {option.Help}\n");
            }

            help.Append("\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n\n  type \"help <cmd|option>\" for more information\n");
            messages.Write(help.ToString());
            return;
        }

        if (Commands.Find(topic) is { } found)
        {
            messages.WriteLine($"{found.Description}\n  Usage:\n    {found.Name}{(found.HasParameter ? " <regexp>" : "")} [n] [focus_regex]* [-ignore_regex]* [>file]");
            return;
        }

        if (ConfigOptions.Find(topic) is { } described)
        {
            messages.WriteLine(described.Help);
            return;
        }

        messages.WriteLine("Unknown command: " + topic);
    }

    private static string StripComment(string value)
    {
        var comment = value.LastIndexOf(CommentStart, StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).Trim();
    }

    private static string NormalizeBool(string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => value,
    };

    private static string Join(string a, string b) => a.Length != 0 && b.Length != 0 ? a + "|" + b : a + b;
}
