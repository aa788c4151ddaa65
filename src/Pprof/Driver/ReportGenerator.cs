using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Reports;

namespace Pprof.Driver;

/// <summary>
/// Turns a loaded profile and a command into output, in pprof's order: command overrides, the report total
/// (before filters, so percentages stay relative to the whole profile), filters, then aggregation.
/// </summary>
public sealed class ReportGenerator(Action<string> warnings)
{
    private bool _filterMatchedNothing;

    public void Generate(Profile profile, Command command, string? argument, Config config, Stream output)
    {
        _filterMatchedNothing = false;
        config = ApplyCommandOverrides(command, config);
        var numLabelUnits = NumLabelUnits(profile, command, config);
        if (config.RelativePercentages)
        {
            ApplyFilters(profile, numLabelUnits, config);
        }

        var options = CreateReportOptions(profile, config, numLabelUnits, argument);
        var report = new Report(profile, options);
        if (!config.RelativePercentages)
        {
            ApplyFilters(profile, numLabelUnits, config);
        }

        if (command.Format is not (OutputFormat.Proto or OutputFormat.Raw or OutputFormat.Comments or OutputFormat.Tags))
        {
            WarnIfNothingToShow(profile, options);
        }

        Aggregation.Aggregate(profile, AggregationLevelOf(config));
        var sources = new SourceFiles(config.SourcePath, config.TrimPath);
        if (command.DrawsGraph)
        {
            // pprof names files in every graph as it finds them: trimmed of build-sandbox and -trim_path prefixes.
            sources.TrimFunctionFiles(profile);
        }

        if (command.Format == OutputFormat.Proto)
        {
            WriteProto(report, output);
            return;
        }

        if (command.Format == OutputFormat.TopProto)
        {
            ProfileWriter.Write(TopProtoReport.Create(report), output);
            return;
        }

        if (command.Format == OutputFormat.Image)
        {
            GraphvizRenderer.Write(output, report, Title(profile), command.ImageFormat);
            return;
        }

        using var writer = new StreamWriter(output, leaveOpen: true) { AutoFlush = false, NewLine = "\n" };
        switch (command.Format)
        {
            case OutputFormat.Tree:
                TreeReport.Write(writer, report);
                break;
            case OutputFormat.Traces:
                TracesReport.Write(writer, report);
                break;
            case OutputFormat.Raw:
                RawReport.Write(writer, report.Profile);
                break;
            case OutputFormat.Comments:
                foreach (var comment in profile.Comments)
                {
                    writer.Write(comment + "\n");
                }

                break;
            case OutputFormat.Tags:
                TagsReport.Write(writer, report);
                break;
            case OutputFormat.Dot:
                DotReport.Write(writer, report, Title(profile));
                break;
            case OutputFormat.List:
                ListReport.Write(writer, report, sources);
                break;
            case OutputFormat.Callgrind:
                CallgrindReport.Write(writer, report);
                break;
            case OutputFormat.FlameGraph:
                FlameGraphReport.Write(writer, report);
                break;
            case OutputFormat.Collapsed:
                CollapsedReport.Write(writer, report);
                break;
            default:
                TextReport.Write(writer, report);
                break;
        }
    }

    private static string Title(Profile profile) =>
        profile.Mappings.Count > 0 && profile.Mappings[0].File.Length != 0 ? Path.GetFileName(profile.Mappings[0].File) : "";

    private static void WriteProto(Report report, Stream output)
    {
        var ratio = report.Options.Ratio;
        if (ratio is > 0 and not 1)
        {
            report.Profile.Samples.Edit((int _, ref Span<int> _, Span<long> values, ReadOnlySpan<Label> _) =>
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (long)(values[i] * ratio);
                }

                return true;
            });
        }

        ProfileWriter.Write(report.Profile, output);
    }

    private static Config ApplyCommandOverrides(Command command, Config config)
    {
        var trim = config.Trim && command.Format != OutputFormat.List && command.Name != "peek";
        if (command.Format == OutputFormat.List)
        {
            // Listings show lines; -noinlines is left to the user.
            config = config with { Granularity = "lines" };
        }

        if (command.Format is OutputFormat.Text or OutputFormat.TopProto && config.NodeCount == -1)
        {
            config = config with { NodeCount = 0 };
        }
        else if (config.NodeCount == -1)
        {
            config = config with { NodeCount = 80 };
        }

        if (command.Format is OutputFormat.Proto or OutputFormat.Raw or OutputFormat.Callgrind)
        {
            trim = false;
            config = config with { Granularity = "addresses", NoInlines = false };
        }

        return trim ? config : config with { NodeCount = 0, NodeFraction = 0, EdgeFraction = 0 };
    }

    /// <summary>The unit of each numeric label, which only numeric tag filters need: reading every label costs a pass.</summary>
    private Dictionary<string, string> NumLabelUnits(Profile profile, Command command, Config config)
    {
        if (config.TagFocus.Length == 0 && config.TagIgnore.Length == 0 && command.Format is not (OutputFormat.Traces or OutputFormat.Tags))
        {
            return [];
        }

        var units = LabelOperations.NumLabelUnits(profile, out var ignoredUnits);
        foreach (var (key, ignored) in ignoredUnits)
        {
            warnings($"For tag {key} used unit {units[key]}, also encountered unit(s) {string.Join(", ", ignored)}");
        }

        return units;
    }

    private static AggregationLevel AggregationLevelOf(Config config)
    {
        var inlines = !config.NoInlines;
        return config.Granularity switch
        {
            "addresses" => new(inlines, true, true, true, true),
            "lines" => new(inlines, true, true, true, false),
            "files" => new(inlines, false, true, false, false),
            "functions" => new(inlines, true, false, false, false),
            "filefunctions" => new(inlines, true, true, false, false),
            _ => throw new UsageException($"unexpected granularity {config.Granularity}"),
        };
    }

    private static ReportOptions CreateReportOptions(
        Profile profile, Config config, IReadOnlyDictionary<string, string> numLabelUnits, string? symbol)
    {
        if (profile.SampleTypes.Count == 0)
        {
            throw new ProfileFormatException("profile has no samples");
        }

        int index;
        try
        {
            index = SampleIndex.Resolve(profile, config.SampleIndex);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }

        if (config.DivideBy == 0)
        {
            throw new UsageException("zero divisor specified");
        }

        var sampleType = profile.SampleTypes[index];
        var filters = new List<string>();
        void AddFilter(string name, string value)
        {
            if (value.Length != 0)
            {
                filters.Add(name + "=" + value);
            }
        }

        AddFilter("focus", config.Focus);
        AddFilter("ignore", config.Ignore);
        AddFilter("hide", config.Hide);
        AddFilter("show", config.Show);
        AddFilter("show_from", config.ShowFrom);
        AddFilter("tagfocus", config.TagFocus);
        AddFilter("tagignore", config.TagIgnore);
        AddFilter("tagshow", config.TagShow);
        AddFilter("taghide", config.TagHide);
        return new ReportOptions
        {
            CumSort = config.Sort == "cum",
            DropNegative = config.DropNegative,
            CompactLabels = config.CompactLabels,
            Ratio = 1 / config.DivideBy,
            NodeCount = config.NodeCount,
            NodeFraction = config.NodeFraction,
            EdgeFraction = config.EdgeFraction,
            ActiveFilters = filters,
            SampleIndex = index,
            Mean = config.Mean,
            SampleType = config.Mean ? "mean_" + sampleType.Type : sampleType.Type,
            SampleUnit = sampleType.Unit.ToLowerInvariant(),
            OutputUnit = config.Unit,
            NumLabelUnits = numLabelUnits,
            Symbol = symbol is null ? null : CompileRegex("argument", symbol),
        };
    }

    private void ApplyFilters(Profile profile, IReadOnlyDictionary<string, string> numLabelUnits, Config config)
    {
        var focus = CompileRegex("focus", config.Focus);
        var ignore = CompileRegex("ignore", config.Ignore);
        var hide = CompileRegex("hide", config.Hide);
        var show = CompileRegex("show", config.Show);
        var showFrom = CompileRegex("show_from", config.ShowFrom);
        var tagFocus = CompileTagFilter("tagfocus", config.TagFocus, numLabelUnits);
        var tagIgnore = CompileTagFilter("tagignore", config.TagIgnore, numLabelUnits);
        var pruneFrom = CompileRegex("prune_from", config.PruneFrom);

        var matches = NameFilters.FilterSamplesByName(profile, focus, ignore, hide, show);
        WarnNoMatches(focus is null || matches.Focus, "Focus");
        WarnNoMatches(ignore is null || matches.Ignore, "Ignore");
        WarnNoMatches(hide is null || matches.Hide, "Hide");
        WarnNoMatches(show is null || matches.Show, "Show");
        if (showFrom is not null)
        {
            WarnNoMatches(NameFilters.ShowFrom(profile, showFrom), "ShowFrom");
        }

        if (tagFocus is not null || tagIgnore is not null)
        {
            var (focused, ignored) = TagFilter.FilterSamples(profile, tagFocus, tagIgnore);
            WarnNoMatches(tagFocus is null || focused, "TagFocus");
            WarnNoMatches(tagIgnore is null || ignored, "TagIgnore");
        }

        var tagShow = CompileRegex("tagshow", config.TagShow);
        var tagHide = CompileRegex("taghide", config.TagHide);
        if (tagShow is not null || tagHide is not null)
        {
            var (shown, hidden) = TagFilter.FilterLabelKeys(profile, tagShow, tagHide);
            WarnNoMatches(tagShow is null || shown, "TagShow");
            WarnNoMatches(tagHide is null || hidden, "TagHide");
        }

        if (pruneFrom is not null)
        {
            Pruning.PruneFrom(profile, pruneFrom);
        }
    }

    private void WarnNoMatches(bool matched, string option)
    {
        if (!matched)
        {
            _filterMatchedNothing = true;
            warnings(option + " expression matched no samples");
        }
    }

    /// <summary>
    /// An empty report looks like a broken tool: say why on stderr, where Go's pprof says nothing unless a filter
    /// matched no samples (which it has already said then).
    /// </summary>
    private void WarnIfNothingToShow(Profile profile, ReportOptions options)
    {
        var samples = profile.Samples;
        if (_filterMatchedNothing || (samples.AbsoluteTotals[options.SampleIndex] != 0 && samples.MaxStackLength != 0))
        {
            return;
        }

        warnings(options.ActiveFilters.Count == 0
            ? $"No {options.SampleType} samples to show"
            : $"No samples to show after the filters {string.Join(' ', options.ActiveFilters)}");
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

    private LabelPredicate? CompileTagFilter(string name, string value, IReadOnlyDictionary<string, string> numLabelUnits)
    {
        if (value.Length == 0)
        {
            return null;
        }

        try
        {
            var filter = TagFilter.Compile(value, numLabelUnits, out var isRange);
            if (isRange)
            {
                var rangeText = value.Contains('=', StringComparison.Ordinal) ? value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..] : value;
                warnings($"{name}:Interpreted '{rangeText}' as range, not regexp");
            }

            return filter;
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"parsing {name} regexp: {error.Message}");
        }
    }
}
