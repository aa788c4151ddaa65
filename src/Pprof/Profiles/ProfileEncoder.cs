using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>Encodes a <see cref="Profile"/> as an uncompressed profile.proto message.</summary>
internal static class ProfileEncoder
{
    public static void Encode(Profile profile, ProtoWriter output)
    {
        var strings = new StringTable();
        using var message = new ProtoWriter();
        using var scratch = new ProtoWriter();

        foreach (var sampleType in profile.SampleTypes)
        {
            WriteValueType(output, 1, sampleType, strings, message);
        }

        WriteSamples(profile, output, strings, message, scratch);

        foreach (var mapping in profile.Mappings)
        {
            message.Clear();
            message.WriteInteger(1, (long)mapping.Id);
            message.WriteInteger(2, (long)mapping.Start);
            message.WriteInteger(3, (long)mapping.Limit);
            message.WriteInteger(4, (long)mapping.Offset);
            message.WriteInteger(5, strings.Index(mapping.File));
            message.WriteInteger(6, strings.Index(mapping.BuildId));
            message.WriteBool(7, mapping.HasFunctions);
            message.WriteBool(8, mapping.HasFilenames);
            message.WriteBool(9, mapping.HasLineNumbers);
            message.WriteBool(10, mapping.HasInlineFrames);
            output.WriteBytes(3, message.WrittenSpan);
        }

        foreach (var location in profile.Locations)
        {
            message.Clear();
            message.WriteInteger(1, (long)location.Id);
            message.WriteInteger(2, (long)(location.Mapping?.Id ?? 0));
            message.WriteInteger(3, (long)location.Address);
            foreach (var line in location.Lines)
            {
                scratch.Clear();
                scratch.WriteInteger(1, (long)(line.Function?.Id ?? 0));
                scratch.WriteInteger(2, line.Number);
                scratch.WriteInteger(3, line.Column);
                message.WriteBytes(4, scratch.WrittenSpan);
            }

            message.WriteBool(5, location.IsFolded);
            output.WriteBytes(4, message.WrittenSpan);
        }

        foreach (var function in profile.Functions)
        {
            message.Clear();
            message.WriteInteger(1, (long)function.Id);
            message.WriteInteger(2, strings.Index(function.Name));
            message.WriteInteger(3, strings.Index(function.SystemName));
            message.WriteInteger(4, strings.Index(function.Filename));
            message.WriteInteger(5, function.StartLine);
            output.WriteBytes(5, message.WrittenSpan);
        }

        var dropFrames = strings.Index(profile.DropFrames);
        var keepFrames = strings.Index(profile.KeepFrames);
        var comments = profile.Comments.Select(c => strings.Index(c)).ToArray();
        var defaultSampleType = strings.Index(profile.DefaultSampleType);
        var docUrl = strings.Index(profile.DocUrl);
        if (profile.PeriodType is { } periodType)
        {
            // Interned now so that the string table, written next, holds them.
            strings.Index(periodType.Type);
            strings.Index(periodType.Unit);
        }

        foreach (var s in strings.Strings)
        {
            output.WriteString(6, s);
        }

        output.WriteInteger(7, dropFrames);
        output.WriteInteger(8, keepFrames);
        output.WriteInteger(9, profile.TimeNanos);
        output.WriteInteger(10, profile.DurationNanos);
        if (profile.PeriodType is not null)
        {
            WriteValueType(output, 11, profile.PeriodType, strings, message);
        }

        output.WriteInteger(12, profile.Period);
        output.WritePacked(13, comments, scratch);
        output.WriteInteger(14, defaultSampleType);
        output.WriteInteger(15, docUrl);
    }

    private static void WriteValueType(ProtoWriter output, int field, SampleType type, StringTable strings, ProtoWriter message)
    {
        message.Clear();
        message.WriteInteger(1, strings.Index(type.Type));
        message.WriteInteger(2, strings.Index(type.Unit));
        output.WriteBytes(field, message.WrittenSpan);
    }

    private static void WriteSamples(Profile profile, ProtoWriter output, StringTable strings, ProtoWriter message, ProtoWriter scratch)
    {
        var locationIds = new ulong[Math.Max(profile.Samples.MaxStackLength, 1)];
        var labels = new List<Label>();
        using var label = new ProtoWriter();
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            message.Clear();
            var stack = cursor.Stack;
            for (var j = 0; j < stack.Length; j++)
            {
                locationIds[j] = profile.Locations[stack[j]].Id;
            }

            message.WritePacked(1, locationIds.AsSpan(0, stack.Length), scratch);
            message.WritePacked(2, cursor.Values, scratch);
            foreach (var l in SortedLabels(cursor.Labels, labels))
            {
                label.Clear();
                label.WriteInteger(1, strings.Index(l.Key));
                if (l.Str is not null)
                {
                    label.WriteInteger(2, strings.Index(l.Str));
                }
                else
                {
                    label.WriteInteger(3, l.Num);
                    label.WriteInteger(4, strings.Index(l.NumUnit ?? ""));
                }

                message.WriteBytes(3, label.WrittenSpan);
            }

            output.WriteBytes(2, message.WrittenSpan);
        }
    }

    // pprof writes string labels before numeric ones, each group by key; the order is part of what readers see.
    private static List<Label> SortedLabels(ReadOnlySpan<Label> source, List<Label> into)
    {
        into.Clear();
        foreach (var label in source)
        {
            into.Add(label);
        }

        if (into.Count > 1)
        {
            var ordered = into.Select((label, position) => (label, position))
                .OrderBy(x => x.label.IsNumeric)
                .ThenBy(x => x.label.Key, StringComparer.Ordinal)
                .ThenBy(x => x.position)
                .Select(x => x.label)
                .ToList();
            into.Clear();
            into.AddRange(ordered);
        }

        return into;
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _indices = new(StringComparer.Ordinal) { [""] = 0 };

        public List<string> Strings { get; } = [""];

        public long Index(string value)
        {
            if (!_indices.TryGetValue(value, out var index))
            {
                index = Strings.Count;
                _indices[value] = index;
                Strings.Add(value);
            }

            return index;
        }
    }
}
