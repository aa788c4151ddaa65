using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Profiles.Proto;
using Pprof.Reports;

namespace Pprof.Driver;

/// <summary>
/// Runs a command of the command line: reads its option strings into typed <see cref="ReportOptions"/> (a mistake
/// in them is the user's, named by its flag), then has the library write the report.
/// </summary>
internal sealed class ReportGenerator(Action<string> warnings)
{
    /// <summary>Reports on <paramref name="profile"/> itself, which the caller hands over: it is filtered and aggregated in place.</summary>
    public void Generate(Profile profile, Command command, string? argument, Config config, Stream output)
    {
        var options = CheckedReportOptions(profile, config);
        var symbol = argument is null ? null : CompileRegex("argument", argument);
        var report = ReportPipeline.Prepare(profile, options, command.Format, symbol, warnings);
        ReportPipeline.Write(report, command.Format, output, command.ImageFormat);
    }

    /// <summary>The typed options of a configuration, checked against the profile they will report on.</summary>
    public static ReportOptions CheckedReportOptions(Profile profile, Config config)
    {
        var options = ToReportOptions(config);
        CheckSampleValue(profile, config);
        return options;
    }

    /// <summary>The typed options of a configuration; bad regular expressions and choices are usage mistakes.</summary>
    public static ReportOptions ToReportOptions(Config config) => new()
    {
        Filter = new ProfileFilter
        {
            Focus = CompileRegex("focus", config.Focus),
            Ignore = CompileRegex("ignore", config.Ignore),
            Hide = CompileRegex("hide", config.Hide),
            Show = CompileRegex("show", config.Show),
            ShowFrom = CompileRegex("show_from", config.ShowFrom),
            TagFocus = ParseLabelFilter("tagfocus", config.TagFocus),
            TagIgnore = ParseLabelFilter("tagignore", config.TagIgnore),
            PruneFrom = CompileRegex("prune_from", config.PruneFrom),
            TagShow = CompileRegex("tagshow", config.TagShow),
            TagHide = CompileRegex("taghide", config.TagHide),
        },
        SampleIndex = config.SampleIndex,
        Mean = config.Mean,
        DivideBy = config.DivideBy,
        Granularity = config.Granularity switch
        {
            "addresses" => Granularity.Addresses,
            "lines" => Granularity.Lines,
            "files" => Granularity.Files,
            "functions" => Granularity.Functions,
            "filefunctions" => Granularity.FileFunctions,
            _ => throw new UsageException($"unexpected granularity {config.Granularity}"),
        },
        NoInlines = config.NoInlines,
        CumSort = config.Sort == "cum",
        NodeCount = config.NodeCount == -1 ? null : config.NodeCount,
        NodeFraction = config.NodeFraction,
        EdgeFraction = config.EdgeFraction,
        Trim = config.Trim,
        DropNegative = config.DropNegative,
        RelativePercentages = config.RelativePercentages,
        Unit = config.Unit,
        CompactLabels = config.CompactLabels,
        SourcePath = config.SourcePath,
        TrimPath = config.TrimPath,
        TagRoot = LabelKeys(config.TagRoot),
        TagLeaf = LabelKeys(config.TagLeaf),
    };

    private static string[] LabelKeys(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value to report must exist and be divisible: otherwise the command line is wrong.</summary>
    private static void CheckSampleValue(Profile profile, Config config)
    {
        if (profile.SampleTypes.Count == 0)
        {
            throw new ProfileFormatException("profile has no samples");
        }

        try
        {
            SampleIndex.Resolve(profile, config.SampleIndex);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }

        if (config.DivideBy == 0)
        {
            throw new UsageException("zero divisor specified");
        }
    }

    private static Regex? CompileRegex(string name, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        try
        {
            return new Regex(value, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"parsing {name} regexp: {error.Message}");
        }
    }

    private static LabelFilter? ParseLabelFilter(string name, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        try
        {
            return LabelFilter.Parse(value);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"parsing {name} regexp: {error.Message}");
        }
    }
}
