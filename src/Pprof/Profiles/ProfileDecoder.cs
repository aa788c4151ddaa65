using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>
/// Decodes an uncompressed profile.proto message as it is read: the string table, functions, mappings and
/// locations into objects; the samples are checked but kept encoded, apart from the rest of the message, to be
/// read on demand (see <see cref="EncodedSamples"/>). Nothing holds the whole message at once.
/// </summary>
internal static class ProfileDecoder
{
    public static Profile Decode(byte[] buffer, int length) =>
        Decode(new ProtoStreamReader(new MemoryStream(buffer, 0, length, writable: false)), length, null, long.MaxValue);

    /// <param name="sizeHint">The likely size of the message: room for the samples is reserved (not touched) up to it.</param>
    /// <param name="reopen">Reads the message again from its start; samples past <paramref name="maxSampleBytes"/>
    /// are then not kept in memory but read again by every pass.</param>
    public static Profile Decode(ProtoStreamReader input, long sizeHint, Func<Stream>? reopen, long maxSampleBytes)
    {
        // Samples are most of a profile: when the whole message is larger than the samples kept in memory, they are
        // read from the file from the start, rather than copied up to the limit and dropped there, which would leave
        // the process that large at its peak.
        var streamed = reopen is not null && sizeHint > maxSampleBytes;
        var layout = Scan(input, streamed ? 0 : Math.Min(sizeHint, maxSampleBytes), reopen is null ? long.MaxValue : maxSampleBytes, streamed);
        var data = layout.Fields.AsSpan();
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

        var encoded = new EncodedSamples(
            layout.Samples, layout.SamplesLength, layout.Streamed ? reopen : null, locations, strings, sampleTypes.Count);
        profile.Samples = layout.Survey.TryFinish(encoded, locations, strings.Length, keepCheckpoints: !layout.Streamed)
            ?? Validate(encoded, sampleTypes.Count, layout.Survey.Count);
        return profile;
    }

    /// <summary>
    /// Reads every sample again when the survey taken while copying them found a fault, so that the first
    /// malformed one is reported now rather than halfway through a report, and notes what later passes want: the longest stack, the value totals and places to start parallel readers.
    /// </summary>
    private static SampleList Validate(EncodedSamples samples, int valueCount, int sampleCount)
    {
        var reader = new EncodedSampleReader(samples);
        var maxStackLength = 0;
        var minStackLength = int.MaxValue;
        var absoluteTotals = new long[valueCount];
        var checkpoints = new List<int>();
        for (var i = 0; i < sampleCount; i++)
        {
            if (i % SampleList.CheckpointStride == 0 && !samples.IsStreamed)
            {
                checkpoints.Add(reader.Position);
            }

            reader.MoveNextShape(out var stackLength, out var values, absoluteTotals);
            if (values != valueCount)
            {
                throw new ProfileFormatException($"mismatch: sample has {values} values vs. {valueCount} types");
            }

            maxStackLength = Math.Max(maxStackLength, stackLength);
            minStackLength = Math.Min(minStackLength, stackLength);
        }

        reader.Dispose();
        return SampleList.FromEncoded(samples, sampleCount, minStackLength, maxStackLength, [.. checkpoints], absoluteTotals);
    }

    private static Layout Scan(ProtoStreamReader reader, long sizeHint, long maxSampleBytes, bool streamed)
    {
        var layout = new Layout(sizeHint, maxSampleBytes, streamed);
        var strings = new List<string>();
        var fields = new FieldBuffer(4096);
        var timeSeen = false;
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 2 when wireType == WireType.LengthDelimited:
                    layout.AddSample(reader.ReadBytes());
                    break;
                case 1 or 3 or 4 or 5 or 11 when wireType == WireType.LengthDelimited:
                    var range = fields.Add(reader.ReadBytes());
                    switch (field)
                    {
                        case 1: layout.SampleTypes.Add(range); break;
                        case 3: layout.Mappings.Add(range); break;
                        case 4: layout.Locations.Add(range); break;
                        case 5: layout.Functions.Add(range); break;
                        default: layout.PeriodType = range; break;
                    }

                    break;
                case 6 when wireType == WireType.LengthDelimited:
                    strings.Add(LosslessUtf8.Decode(reader.ReadBytes()));
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
                case 13: ReadIntegers(reader, wireType, layout.Comments); break;
                case 14: layout.DefaultSampleType = (long)reader.ReadInteger(wireType); break;
                case 15: layout.DocUrl = (long)reader.ReadInteger(wireType); break;
                default: reader.Skip(wireType); break;
            }
        }

        layout.Fields = fields.Data;
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

    private static void ReadIntegers(ProtoStreamReader reader, WireType wireType, List<long> into)
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
        ProtoReader.ReadScalars(data, (field, value) =>
        {
            switch (field)
            {
                case 1: type = (long)value; break;
                case 2: unit = (long)value; break;
            }
        });
        return new SampleType(Lookup(strings, type), Lookup(strings, unit));
    }

    private static Mapping DecodeMapping(ReadOnlySpan<byte> data, Layout layout)
    {
        var mapping = new Mapping();
        ProtoReader.ReadScalars(data, (field, value) =>
        {
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
        });
        return mapping;
    }

    private static Function DecodeFunction(ReadOnlySpan<byte> data, Layout layout)
    {
        var function = new Function();
        ProtoReader.ReadScalars(data, (field, value) =>
        {
            switch (field)
            {
                case 1: function.Id = value; break;
                case 2: function.Name = layout.String((long)value); break;
                case 3: function.SystemName = layout.String((long)value); break;
                case 4: function.Filename = layout.String((long)value); break;
                case 5: function.StartLine = (long)value; break;
            }
        });
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
        ProtoReader.ReadScalars(data, (field, value) =>
        {
            switch (field)
            {
                case 1: functionId = value; break;
                case 2: number = (long)value; break;
                case 3: column = (long)value; break;
            }
        });
        if (!functions.TryGet(functionId, out var function))
        {
            throw new ProfileFormatException($"location id {location.Id} has a line with an unknown function id {functionId}");
        }

        return new Line(profile.Functions[function], number, column);
    }

    private static string Lookup(string[] strings, long index) =>
        (ulong)index < (ulong)strings.Length
            ? strings[index]
            : throw new ProfileFormatException($"string index {index} is outside the string table of {strings.Length} entries");

    private readonly record struct Range(int Start, int Length);

    /// <summary>The length-delimited fields other than samples, one after the other.</summary>
    private sealed class FieldBuffer(int capacity)
    {
        private byte[] _data = new byte[capacity];
        private int _length;

        public Range Add(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _data.Length)
            {
                Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(_data.Length * 2L, _length + (long)bytes.Length)));
            }

            bytes.CopyTo(_data.AsSpan(_length));
            _length += bytes.Length;
            return new Range(_length - bytes.Length, bytes.Length);
        }

        public byte[] Data => _data;
    }

    private sealed class Layout(long sizeHint, long maxSampleBytes, bool streamed)
    {
        // Room for the samples is reserved from the size hint, uninitialised: pages never written cost no memory.
        private byte[] _samples = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(sizeHint, 16, Array.MaxLength));

        public List<Range> SampleTypes { get; } = [];
        public List<Range> Mappings { get; } = [];
        public List<Range> Locations { get; } = [];
        public List<Range> Functions { get; } = [];
        public List<long> Comments { get; } = [];
        public Range? PeriodType { get; set; }
        public SampleSurvey Survey { get; } = new();
        public byte[] Fields { get; set; } = [];
        public byte[] Samples => _samples;
        public int SamplesLength { get; private set; }

        /// <summary>Whether the samples passed <c>maxSampleBytes</c>: none are kept, passes read them from the file.</summary>
        public bool Streamed { get; private set; } = streamed;
        public string[] Strings { get; set; } = [];
        public long DropFrames { get; set; }
        public long KeepFrames { get; set; }
        public long TimeNanos { get; set; }
        public long DurationNanos { get; set; }
        public long Period { get; set; }
        public long DefaultSampleType { get; set; }
        public long DocUrl { get; set; }

        public string String(long index) => Lookup(Strings, index);

        /// <summary>Keeps a sample as a top-level field of its own, so that the kept bytes still read as a profile's.</summary>
        public void AddSample(ReadOnlySpan<byte> sample)
        {
            const int MaxHeaderLength = 6;
            Survey.Add(sample, SamplesLength);
            var needed = (long)SamplesLength + sample.Length + MaxHeaderLength;
            if (Streamed || needed > maxSampleBytes)
            {
                Streamed = true;
                _samples = [];
                SamplesLength = 0;
                return;
            }

            if (needed > _samples.Length)
            {
                if (needed > Array.MaxLength)
                {
                    throw new ProfileFormatException($"the samples take more than {Array.MaxLength >> 20} MiB encoded, more than one reader can hold");
                }

                var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, Math.Max(needed, _samples.Length * 2L)));
                _samples.AsSpan(0, SamplesLength).CopyTo(larger);
                _samples = larger;
            }

            var position = SamplesLength;
            _samples[position++] = (2 << 3) | (byte)WireType.LengthDelimited;
            position = SampleList.WriteVarint(_samples, position, (uint)sample.Length);
            sample.CopyTo(_samples.AsSpan(position));
            SamplesLength = position + sample.Length;
        }
    }
}
