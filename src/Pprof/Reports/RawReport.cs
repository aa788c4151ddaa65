using System.Globalization;
using System.Text;
using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>The <c>-raw</c> report: the profile itself, sample by sample, location by location, as pprof dumps it.</summary>
internal static class RawReport
{
    private const string LabelIndent = "                ";

    public static void Write(TextWriter output, Profile profile)
    {
        var lines = new List<string>();
        lines.AddRange(profile.Comments.Select(c => "Comment: " + c));
        // Go's decoder gives every profile a period type, empty when the file has none.
        var periodType = profile.PeriodType ?? new SampleType("", "");
        lines.Add($"PeriodType: {periodType.Type} {periodType.Unit}");

        lines.Add(Invariant($"Period: {profile.Period}"));
        if (profile.TimeNanos != 0)
        {
            lines.Add("Time: " + GoTime.FormatFull(profile.TimeNanos));
        }

        if (profile.DurationNanos != 0)
        {
            var duration = GoDuration.Format(profile.DurationNanos);
            lines.Add("Duration: " + duration[..Math.Min(4, duration.Length)]);
        }

        lines.Add("Samples:");
        lines.Add(string.Join(' ', profile.SampleTypes.Select(t =>
            $"{t.Type}/{t.Unit}{(t.Type == profile.DefaultSampleType ? "[dflt]" : "")}")));
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            lines.Add(SampleLine(profile, cursor.Values, cursor.Stack));
            AddLabelLines(lines, cursor.Labels);
        }

        lines.Add("Locations");
        lines.AddRange(profile.Locations.Select(LocationText));
        lines.Add("Mappings");
        lines.AddRange(profile.Mappings.Select(MappingText));
        output.Write(string.Join('\n', lines) + "\n");
    }

    private static string SampleLine(Profile profile, ReadOnlySpan<long> values, ReadOnlySpan<int> stack)
    {
        var line = new StringBuilder();
        foreach (var value in values)
        {
            line.Append(CultureInfo.InvariantCulture, $" {value,10}");
        }

        line.Append(": ");
        foreach (var location in stack)
        {
            line.Append(CultureInfo.InvariantCulture, $"{profile.Locations[location].Id} ");
        }

        return line.ToString();
    }

    private static void AddLabelLines(List<string> lines, ReadOnlySpan<Label> labels)
    {
        var strings = LabelGroups.ByKey(labels, numeric: false)
            .Select(g => $"{g.Key}:[{string.Join(' ', g.Values.Select(l => l.Str))}]")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (strings.Count > 0)
        {
            lines.Add(LabelIndent + string.Join(' ', strings));
        }

        var numbers = LabelGroups.ByKey(labels, numeric: true)
            .Select(g => g.Values.Any(l => l.NumUnit is not null)
                ? $"{g.Key}:[{string.Join(' ', g.Values.Select(l => Invariant($"{l.Num} {l.NumUnit}")))}]"
                : $"{g.Key}:[{string.Join(' ', g.Values.Select(l => Invariant($"{l.Num}")))}]")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (numbers.Count > 0)
        {
            lines.Add(LabelIndent + string.Join(' ', numbers));
        }
    }

    private static string LocationText(Location location)
    {
        var head = Invariant($"{location.Id,6}: {Hex(location.Address)} ");
        if (location.Mapping is { } mapping)
        {
            head += Invariant($"M={mapping.Id} ");
        }

        if (location.IsFolded)
        {
            head += "[F] ";
        }

        if (location.Lines.Length == 0)
        {
            return head;
        }

        var lines = new List<string>();
        foreach (var line in location.Lines)
        {
            var text = "??";
            if (line.Function is { } function)
            {
                text = Invariant($"{function.Name} {function.Filename}:{line.Number} s={function.StartLine}");
                if (function.Name != function.SystemName)
                {
                    text += "(" + function.SystemName + ")";
                }
            }

            lines.Add(head + text);
            head = "             ";
        }

        return string.Join('\n', lines);
    }

    private static string MappingText(Mapping mapping)
    {
        var bits = (mapping.HasFunctions ? "[FN]" : "") + (mapping.HasFilenames ? "[FL]" : "") +
                   (mapping.HasLineNumbers ? "[LN]" : "") + (mapping.HasInlineFrames ? "[IN]" : "");
        return Invariant($"{mapping.Id}: {Hex(mapping.Start)}/{Hex(mapping.Limit)}/{Hex(mapping.Offset)} {mapping.File} {mapping.BuildId} {bits}");
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
