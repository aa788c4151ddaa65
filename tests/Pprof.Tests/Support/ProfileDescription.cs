using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pprof.Profiles;

namespace Pprof.Tests.Support;

/// <summary>
/// Describes every field of a profile as text, one entity a line, with references written as the id and position
/// of what they point at: two profiles are equal when their descriptions are, and a failed comparison shows where.
/// </summary>
public static class ProfileDescription
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Describe(Profile profile)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"sample types {string.Join(", ", profile.SampleTypes.Select(Describe))}");
        Line($"period type {(profile.PeriodType is null ? "none" : Describe(profile.PeriodType))}, period {profile.Period}");
        Line($"time {profile.TimeNanos}, duration {profile.DurationNanos}");
        Line($"drop frames {Quote(profile.DropFrames)}, keep frames {Quote(profile.KeepFrames)}");
        Line($"default sample type {Quote(profile.DefaultSampleType)}, doc url {Quote(profile.DocUrl)}");
        Line($"comments {string.Join(", ", profile.Comments.Select(Quote))}");
        foreach (var m in profile.Mappings)
        {
            var has = $"functions {m.HasFunctions} filenames {m.HasFilenames} lines {m.HasLineNumbers} inline frames {m.HasInlineFrames}";
            Line($"mapping {m.Id} [{m.Start:x}, {m.Limit:x}) offset {m.Offset:x} file {Quote(m.File)} build id {Quote(m.BuildId)} {has}");
        }

        foreach (var f in profile.Functions)
        {
            Line($"function {f.Id} {Quote(f.Name)} system name {Quote(f.SystemName)} file {Quote(f.Filename)} start line {f.StartLine}");
        }

        foreach (var l in profile.Locations)
        {
            var lines = l.Lines.Select(line => string.Create(CultureInfo.InvariantCulture,
                $"{Reference(profile.Functions, line.Function, f => f.Id)}:{line.Number}:{line.Column}"));
            var mapping = Reference(profile.Mappings, l.Mapping, m => m.Id);
            Line($"location {l.Id} mapping {mapping} address {l.Address:x} folded {l.IsFolded} lines [{string.Join(", ", lines)}]");
        }

        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            var stack = new List<string>();
            foreach (var index in cursor.Stack)
            {
                stack.Add(string.Create(CultureInfo.InvariantCulture, $"{profile.Locations[index].Id}#{index}"));
            }

            var labels = new List<string>();
            foreach (var label in cursor.Labels)
            {
                labels.Add(Describe(label));
            }

            var values = string.Join(" ", cursor.Values.ToArray());
            Line($"sample [{string.Join(" ", stack)}] values [{values}] labels [{string.Join(", ", labels)}]");
        }

        return text.ToString();
    }

    public static string Describe(Label label)
    {
        if (!label.IsNumeric)
        {
            return $"{Quote(label.Key)}={Quote(label.Str!)}";
        }

        var unit = label.NumUnit is null ? "none" : Quote(label.NumUnit);
        return string.Create(CultureInfo.InvariantCulture, $"{Quote(label.Key)}={label.Num} unit {unit}");
    }

    private static string Describe(SampleType type) => $"{Quote(type.Type)}/{Quote(type.Unit)}";

    /// <summary>The id of the referenced object and its position in the profile's list (by reference), or "none".</summary>
    private static string Reference<T>(List<T> list, T? target, Func<T, ulong> id)
        where T : class
    {
        if (target is null)
        {
            return "none";
        }

        var index = list.FindIndex(item => ReferenceEquals(item, target));
        return string.Create(CultureInfo.InvariantCulture, $"{id(target)}#{(index < 0 ? "outside the profile" : index)}");
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, Readable);
}
