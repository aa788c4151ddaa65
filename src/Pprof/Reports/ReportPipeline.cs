using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>
/// Turns a profile and report options into a report, in pprof's order: the options each report implies, the total
/// (before filters, so that percentages stay relative to the whole profile), filters, then aggregation.
/// </summary>
internal static class ReportPipeline
{
    /// <summary>
    /// Filters and aggregates <paramref name="profile"/> itself, which the caller owns and hands over, and returns
    /// the report over it.
    /// </summary>
    /// <param name="symbol">What <c>peek</c> and <c>list</c> report on; with <see cref="ReportFormat.Tree"/> it asks for <c>peek</c>.</param>
    /// <exception cref="ArgumentException">The sample index names no sample type, or the divisor is zero.</exception>
    /// <param name="beforeFilters">Reads the profile as the filters find it.</param>
    public static Report Prepare(
        Profile profile, ReportOptions options, ReportFormat format, Regex? symbol, Action<string> warn, Action<Profile>? beforeFilters = null)
    {
        options = ForFormat(options, format, symbol);
        var filter = options.Filter;
        var numLabelUnits = filter.ReadsLabelUnits || format is ReportFormat.Traces or ReportFormat.Tags
            ? ProfileFilter.LabelUnits(profile, warn)
            : [];
        AddLabelFrames(profile, options, warn);
        beforeFilters?.Invoke(profile);
        var allMatched = !options.RelativePercentages || filter.ApplyInPlace(profile, numLabelUnits, warn);
        var report = new Report(profile, Settings(profile, options, numLabelUnits, symbol));
        if (!options.RelativePercentages)
        {
            allMatched = filter.ApplyInPlace(profile, numLabelUnits, warn);
        }

        if (allMatched && format is not (ReportFormat.Proto or ReportFormat.Raw or ReportFormat.Comments or ReportFormat.Tags))
        {
            WarnIfNothingToShow(report, warn);
        }

        Aggregation.Aggregate(profile, AggregationLevelOf(options));
        if (format.DrawsGraph())
        {
            // pprof names files in every graph as it finds them: trimmed of build-sandbox and -trim_path prefixes.
            new SourceFiles(options.SourcePath, options.TrimPath).TrimFunctionFiles(profile);
        }

        return report;
    }

    /// <summary>-tagroot and -tagleaf come before the filters, which can then match their frames.</summary>
    private static void AddLabelFrames(Profile profile, ReportOptions options, Action<string> warn)
    {
        var (rootMatched, leafMatched) = LabelFrames.Add(profile, options.TagRoot, options.TagLeaf, options.Unit);
        if (options.TagRoot.Count != 0 && !rootMatched)
        {
            warn("TagRoot expression matched no samples");
        }

        if (options.TagLeaf.Count != 0 && !leafMatched)
        {
            warn("TagLeaf expression matched no samples");
        }
    }

    /// <summary>Writes <paramref name="report"/> in <paramref name="format"/>; <paramref name="imageFormat"/> is Graphviz's <c>-T</c> for images.</summary>
    public static void Write(Report report, ReportFormat format, Stream output, string imageFormat = "svg")
    {
        var profile = report.Profile;
        switch (format)
        {
            case ReportFormat.Proto:
                WriteProto(report, output);
                return;
            case ReportFormat.TopProto:
                ProfileWriter.Write(TopProtoReport.Create(report), output);
                return;
            case ReportFormat.Image:
                GraphvizRenderer.Write(output, report, Title(profile), imageFormat);
                return;
        }

        using var writer = new StreamWriter(output, LosslessUtf8.Instance, leaveOpen: true) { AutoFlush = false, NewLine = "\n" };
        switch (format)
        {
            case ReportFormat.Tree:
                TreeReport.Write(writer, report);
                break;
            case ReportFormat.Traces:
                TracesReport.Write(writer, report);
                break;
            case ReportFormat.Raw:
                RawReport.Write(writer, profile);
                break;
            case ReportFormat.Comments:
                foreach (var comment in profile.Comments)
                {
                    writer.Write(comment + "\n");
                }

                break;
            case ReportFormat.Tags:
                TagsReport.Write(writer, report);
                break;
            case ReportFormat.Dot:
                DotReport.Write(writer, report, Title(profile));
                break;
            case ReportFormat.List:
                ListReport.Write(writer, report, new SourceFiles(report.Options.SourcePath, report.Options.TrimPath));
                break;
            case ReportFormat.Callgrind:
                CallgrindReport.Write(writer, report);
                break;
            case ReportFormat.FlameGraph:
                FlameGraphReport.Write(writer, report);
                break;
            case ReportFormat.Collapsed:
                CollapsedReport.Write(writer, report);
                break;
            default:
                TextReport.Write(writer, report);
                break;
        }
    }

    /// <summary>
    /// An empty report looks like a broken tool: say why, where Go's pprof says nothing unless a filter matched no
    /// samples (which has been said then).
    /// </summary>
    private static void WarnIfNothingToShow(Report report, Action<string> warn)
    {
        var samples = report.Profile.Samples;
        var options = report.Options;
        if (samples.AbsoluteTotals[options.SampleIndex] != 0 && samples.MaxStackLength != 0)
        {
            return;
        }

        warn(options.ActiveFilters.Count == 0
            ? $"Nothing to show: the profile has no {options.SampleType}"
            : $"Nothing to show: no {options.SampleType} is left after the filters {string.Join(' ', options.ActiveFilters)}");
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

    /// <summary>What each report implies: listings by line, samples by address, and no trimming where every node counts.</summary>
    private static ReportOptions ForFormat(ReportOptions options, ReportFormat format, Regex? symbol)
    {
        var isPeek = format == ReportFormat.Tree && symbol is not null;
        var trim = options.Trim && format != ReportFormat.List && !isPeek;
        if (format == ReportFormat.List)
        {
            // Listings show lines; -noinlines is left to the user.
            options = options with { Granularity = Granularity.Lines };
        }

        var textual = format is ReportFormat.Text or ReportFormat.TopProto;
        options = options with { NodeCount = options.NodeCount ?? (textual ? 0 : 80) };
        if (format is ReportFormat.Proto or ReportFormat.Raw or ReportFormat.Callgrind)
        {
            trim = false;
            options = options with { Granularity = Granularity.Addresses, NoInlines = false };
        }

        return trim ? options : options with { NodeCount = 0, NodeFraction = 0, EdgeFraction = 0 };
    }

    private static AggregationLevel AggregationLevelOf(ReportOptions options)
    {
        var inlines = !options.NoInlines;
        return options.Granularity switch
        {
            Granularity.Addresses => new(inlines, true, true, true, true),
            Granularity.Lines => new(inlines, true, true, true, false),
            Granularity.Files => new(inlines, false, true, false, false),
            Granularity.FileFunctions => new(inlines, true, true, false, false),
            _ => new(inlines, true, false, false, false),
        };
    }

    private static ReportSettings Settings(
        Profile profile, ReportOptions options, IReadOnlyDictionary<string, string> numLabelUnits, Regex? symbol)
    {
        if (profile.SampleTypes.Count == 0)
        {
            throw new ProfileFormatException("profile has no samples");
        }

        var index = SampleIndex.Resolve(profile, options.SampleIndex ?? "");
        if (options.DivideBy == 0)
        {
            throw new ArgumentException("zero divisor specified", nameof(options));
        }

        var sampleType = profile.SampleTypes[index];
        return new ReportSettings
        {
            CumSort = options.CumSort,
            DropNegative = options.DropNegative,
            CompactLabels = options.CompactLabels,
            Ratio = 1 / options.DivideBy,
            NodeCount = options.NodeCount ?? 0,
            NodeFraction = options.NodeFraction,
            EdgeFraction = options.EdgeFraction,
            ActiveFilters = options.Filter.Describe(),
            SampleIndex = index,
            Mean = options.Mean,
            SampleType = options.Mean ? "mean_" + sampleType.Type : sampleType.Type,
            SampleUnit = sampleType.Unit.ToLowerInvariant(),
            OutputUnit = options.Unit,
            NumLabelUnits = numLabelUnits,
            Symbol = symbol,
            SourcePath = options.SourcePath,
            TrimPath = options.TrimPath,
        };
    }
}
