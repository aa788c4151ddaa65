using System.Runtime.InteropServices;
using System.Text;

namespace Pprof.Profiles.Proto;

/// <summary>
/// Decodes an uncompressed profile.proto message. Two passes: the first reads the string table, functions,
/// mappings and locations (which may come after the samples), the second writes samples straight into the
/// sample columns with location ids already turned into indices.
/// </summary>
internal static class ProfileDecoder
{
    public static Profile Decode(ReadOnlySpan<byte> data)
    {
        var layout = Scan(data);
        var strings = layout.Strings;
        var sampleTypes = new List<SampleType>(layout.SampleTypes.Count);
        foreach (var range in layout.SampleTypes)
        {
            sampleTypes.Add(DecodeValueType(data.Slice(range.Start, range.Length), strings));
        }

        var profile = new Profile(sampleTypes)
        {
            DropFrames = layout.String(layout.DropFrames),
            KeepFrames = layout.String(layout.KeepFrames),
            TimeNanos = layout.TimeNanos,
            DurationNanos = layout.DurationNanos,
            Period = layout.Period,
            DefaultSampleType = layout.String(layout.DefaultSampleType),
            DocUrl = layout.String(layout.DocUrl),
        };
        if (layout.PeriodType is { } periodType)
        {
            profile.PeriodType = DecodeValueType(data.Slice(periodType.Start, periodType.Length), strings);
        }

        foreach (var comment in layout.Comments)
        {
            profile.Comments.Add(layout.String(comment));
        }

        var mappings = new IdIndex(layout.Mappings.Count);
        foreach (var range in layout.Mappings)
        {
            var mapping = DecodeMapping(data.Slice(range.Start, range.Length), layout);
            mappings.Add(mapping.Id, profile.Mappings.Count);
            profile.Mappings.Add(mapping);
        }

        var functions = new IdIndex(layout.Functions.Count);
        foreach (var range in layout.Functions)
        {
            var function = DecodeFunction(data.Slice(range.Start, range.Length), layout);
            functions.Add(function.Id, profile.Functions.Count);
            profile.Functions.Add(function);
        }

        var locations = new IdIndex(layout.Locations.Count);
        foreach (var range in layout.Locations)
        {
            var location = DecodeLocation(data.Slice(range.Start, range.Length), profile, mappings, functions);
            locations.Add(location.Id, profile.Locations.Count);
            profile.Locations.Add(location);
        }

        var samples = new SampleList(sampleTypes.Count, layout.Samples.Count, layout.SampleBytes);
        var scratch = new SampleScratch(sampleTypes.Count);
        foreach (var range in layout.Samples)
        {
            DecodeSample(data.Slice(range.Start, range.Length), samples, scratch, locations, layout);
        }

        profile.Samples = samples;
        return profile;
    }

    private static Layout Scan(ReadOnlySpan<byte> data)
    {
        var layout = new Layout();
        var strings = new List<string>();
        var reader = new ProtoReader(data);
        var timeSeen = false;
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 or 2 or 3 or 4 or 5 or 11 when wireType == WireType.LengthDelimited:
                    var bytes = reader.ReadBytes();
                    var range = new Range(reader.Position - bytes.Length, bytes.Length);
                    switch (field)
                    {
                        case 1: layout.SampleTypes.Add(range); break;
                        case 2: layout.Samples.Add(range); layout.SampleBytes += bytes.Length; break;
                        case 3: layout.Mappings.Add(range); break;
                        case 4: layout.Locations.Add(range); break;
                        case 5: layout.Functions.Add(range); break;
                        default: layout.PeriodType = range; break;
                    }

                    break;
                case 6 when wireType == WireType.LengthDelimited:
                    strings.Add(DecodeString(reader.ReadBytes()));
                    break;
                case 7: layout.DropFrames = (long)reader.ReadInteger(wireType); break;
                case 8: layout.KeepFrames = (long)reader.ReadInteger(wireType); break;
                case 9:
                    if (timeSeen)
                    {
                        throw new ProfileFormatException("concatenated profiles detected (two profiles written into one file)");
                    }

                    timeSeen = true;
                    layout.TimeNanos = (long)reader.ReadInteger(wireType);
                    break;
                case 10: layout.DurationNanos = (long)reader.ReadInteger(wireType); break;
                case 12: layout.Period = (long)reader.ReadInteger(wireType); break;
                case 13: ReadIntegers(ref reader, wireType, layout.Comments); break;
                case 14: layout.DefaultSampleType = (long)reader.ReadInteger(wireType); break;
                case 15: layout.DocUrl = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        if (strings.Count == 0)
        {
            strings.Add("");
        }
        else if (strings[0].Length != 0)
        {
            throw new ProfileFormatException("string table does not start with the empty string");
        }

        layout.Strings = [.. strings];
        return layout;
    }

    private static string DecodeString(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Encoding.UTF8.GetString(bytes);
        }
        catch (ArgumentException)
        {
            throw new ProfileFormatException("string table entry is not valid UTF-8");
        }
    }

    private static void ReadIntegers(ref ProtoReader reader, WireType wireType, List<long> into)
    {
        if (wireType != WireType.LengthDelimited)
        {
            into.Add((long)reader.ReadInteger(wireType));
            return;
        }

        var packed = new ProtoReader(reader.ReadBytes());
        while (!packed.End)
        {
            into.Add((long)packed.ReadVarint());
        }
    }

    private static SampleType DecodeValueType(ReadOnlySpan<byte> data, string[] strings)
    {
        long type = 0, unit = 0;
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: type = (long)reader.ReadInteger(wireType); break;
                case 2: unit = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        return new SampleType(Lookup(strings, type), Lookup(strings, unit));
    }

    private static Mapping DecodeMapping(ReadOnlySpan<byte> data, Layout layout)
    {
        var mapping = new Mapping();
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            if (wireType == WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var value = reader.ReadInteger(wireType);
            switch (field)
            {
                case 1: mapping.Id = value; break;
                case 2: mapping.Start = value; break;
                case 3: mapping.Limit = value; break;
                case 4: mapping.Offset = value; break;
                case 5: mapping.File = layout.String((long)value); break;
                case 6: mapping.BuildId = layout.String((long)value); break;
                case 7: mapping.HasFunctions = value != 0; break;
                case 8: mapping.HasFilenames = value != 0; break;
                case 9: mapping.HasLineNumbers = value != 0; break;
                case 10: mapping.HasInlineFrames = value != 0; break;
            }
        }

        return mapping;
    }

    private static Function DecodeFunction(ReadOnlySpan<byte> data, Layout layout)
    {
        var function = new Function();
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            if (wireType == WireType.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }

            var value = reader.ReadInteger(wireType);
            switch (field)
            {
                case 1: function.Id = value; break;
                case 2: function.Name = layout.String((long)value); break;
                case 3: function.SystemName = layout.String((long)value); break;
                case 4: function.Filename = layout.String((long)value); break;
                case 5: function.StartLine = (long)value; break;
            }
        }

        return function;
    }

    private static Location DecodeLocation(ReadOnlySpan<byte> data, Profile profile, IdIndex mappings, IdIndex functions)
    {
        var location = new Location();
        var lines = new List<Line>();
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: location.Id = reader.ReadInteger(wireType); break;
                case 2:
                    var mappingId = reader.ReadInteger(wireType);
                    if (mappingId != 0 && mappings.TryGet(mappingId, out var mapping))
                    {
                        location.Mapping = profile.Mappings[mapping];
                    }

                    break;
                case 3: location.Address = reader.ReadInteger(wireType); break;
                case 4 when wireType == WireType.LengthDelimited:
                    lines.Add(DecodeLine(reader.ReadBytes(), location, profile, functions));
                    break;
                case 5: location.IsFolded = reader.ReadInteger(wireType) != 0; break;
                default: reader.Skip(wireType); break;
            }
        }

        location.Lines = [.. lines];
        return location;
    }

    private static Line DecodeLine(ReadOnlySpan<byte> data, Location location, Profile profile, IdIndex functions)
    {
        ulong functionId = 0;
        long number = 0, column = 0;
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: functionId = reader.ReadInteger(wireType); break;
                case 2: number = (long)reader.ReadInteger(wireType); break;
                case 3: column = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        if (!functions.TryGet(functionId, out var function))
        {
            throw new ProfileFormatException($"location id {location.Id} has a line with an unknown function id {functionId}");
        }

        return new Line(profile.Functions[function], number, column);
    }

    private static void DecodeSample(ReadOnlySpan<byte> data, SampleList samples, SampleScratch scratch, IdIndex locations, Layout layout)
    {
        scratch.Clear();
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 when wireType == WireType.LengthDelimited:
                    var packed = new ProtoReader(reader.ReadBytes());
                    while (!packed.End)
                    {
                        scratch.Stack.Add(LocationIndex(packed.ReadVarint(), locations));
                    }

                    break;
                case 1:
                    scratch.Stack.Add(LocationIndex(reader.ReadInteger(wireType), locations));
                    break;
                case 2 when wireType == WireType.LengthDelimited:
                    var values = new ProtoReader(reader.ReadBytes());
                    while (!values.End)
                    {
                        scratch.AddValue((long)values.ReadVarint());
                    }

                    break;
                case 2:
                    scratch.AddValue((long)reader.ReadInteger(wireType));
                    break;
                case 3 when wireType == WireType.LengthDelimited:
                    if (DecodeLabel(reader.ReadBytes(), layout) is { } label)
                    {
                        scratch.Labels.Add(label);
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (scratch.ValueCount != samples.ValueCount)
        {
            throw new ProfileFormatException(
                $"mismatch: sample has {scratch.ValueCount} values vs. {samples.ValueCount} types");
        }

        samples.Add(CollectionsMarshal.AsSpan(scratch.Stack), scratch.Values, CollectionsMarshal.AsSpan(scratch.Labels));
    }

    private static int LocationIndex(ulong id, IdIndex locations) =>
        locations.TryGet(id, out var index)
            ? index
            : throw new ProfileFormatException($"sample refers to location id {id}, which the profile does not define");

    private static Label? DecodeLabel(ReadOnlySpan<byte> data, Layout layout)
    {
        long key = 0, str = 0, num = 0, numUnit = 0;
        var reader = new ProtoReader(data);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1: key = (long)reader.ReadInteger(wireType); break;
                case 2: str = (long)reader.ReadInteger(wireType); break;
                case 3: num = (long)reader.ReadInteger(wireType); break;
                case 4: numUnit = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        // As pprof does: a label with a string is a string label, one with neither a number nor a unit carries nothing.
        if (str != 0)
        {
            return Label.String(layout.String(key), layout.String(str));
        }

        return num != 0 || numUnit != 0
            ? Label.Number(layout.String(key), num, numUnit != 0 ? layout.String(numUnit) : null)
            : null;
    }

    private static string Lookup(string[] strings, long index) =>
        (ulong)index < (ulong)strings.Length
            ? strings[index]
            : throw new ProfileFormatException($"string index {index} is outside the string table of {strings.Length} entries");

    private readonly record struct Range(int Start, int Length);

    /// <summary>One sample being decoded, reused for all of them.</summary>
    private sealed class SampleScratch(int valueCount)
    {
        private readonly long[] _values = new long[valueCount];

        public List<int> Stack { get; } = new(64);
        public List<Label> Labels { get; } = [];
        public int ValueCount { get; private set; }
        public ReadOnlySpan<long> Values => _values;

        public void Clear()
        {
            Stack.Clear();
            Labels.Clear();
            ValueCount = 0;
        }

        public void AddValue(long value)
        {
            if (ValueCount < _values.Length)
            {
                _values[ValueCount] = value;
            }

            ValueCount++;
        }
    }

    private sealed class Layout
    {
        public List<Range> SampleTypes { get; } = [];
        public List<Range> Samples { get; } = [];
        public List<Range> Mappings { get; } = [];
        public List<Range> Locations { get; } = [];
        public List<Range> Functions { get; } = [];
        public List<long> Comments { get; } = [];
        public Range? PeriodType { get; set; }
        public int SampleBytes { get; set; }
        public string[] Strings { get; set; } = [];
        public long DropFrames { get; set; }
        public long KeepFrames { get; set; }
        public long TimeNanos { get; set; }
        public long DurationNanos { get; set; }
        public long Period { get; set; }
        public long DefaultSampleType { get; set; }
        public long DocUrl { get; set; }

        public string String(long index) => Lookup(Strings, index);
    }
}
