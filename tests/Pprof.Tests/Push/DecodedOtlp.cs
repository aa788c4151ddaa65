using Google.Protobuf;
using Pprof.Profiles;
using Pprof.Push.Otlp;
using Pprof.Push.Otlp.Wire;
using Function = Pprof.Profiles.Function;
using Line = Pprof.Profiles.Line;
using Location = Pprof.Profiles.Location;
using Mapping = Pprof.Profiles.Mapping;
using Profile = Pprof.Profiles.Profile;
using Wire = Pprof.Push.Otlp.Wire;

namespace Pprof.Tests.Push;

/// <summary>One pushed profile read back from an OTLP export request: its resource attributes, scope and profile.</summary>
internal sealed record DecodedOtlpProfile(Dictionary<string, string> Resource, InstrumentationScope Scope, Profile Profile);

/// <summary>
/// An OTLP <c>ExportProfilesServiceRequest</c> decoded with the message definitions (our .proto files, compiled
/// by protoc) and turned back into our pprof model, checking the dictionary's rules on the way: every table
/// starts with its zero value, strings are not repeated, every index is in range, every scope's profiles share
/// their samples' stacks and attributes.
/// </summary>
internal static class DecodedOtlp
{
    public static List<DecodedOtlpProfile> Read(byte[] body)
    {
        var request = ExportProfilesServiceRequest.Parser.ParseFrom(body);
        Assert.Equal(body, request.ToByteArray());
        var dictionary = request.Dictionary;
        CheckZeroValues(dictionary);
        return [.. request.ResourceProfiles.Select(resource =>
        {
            var scope = Assert.Single(resource.ScopeProfiles);
            return new DecodedOtlpProfile(
                resource.Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue),
                scope.Scope,
                new Reader(dictionary).Profile(scope));
        })];
    }

    private static void CheckZeroValues(ProfilesDictionary dictionary)
    {
        Assert.Equal("", dictionary.StringTable[0]);
        Assert.Equal(dictionary.StringTable.Count, dictionary.StringTable.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(new Wire.Mapping(), dictionary.MappingTable[0]);
        Assert.Equal(new Wire.Location(), dictionary.LocationTable[0]);
        Assert.Equal(new Wire.Function(), dictionary.FunctionTable[0]);
        Assert.Equal(new KeyValueAndUnit(), dictionary.AttributeTable[0]);
        Assert.Equal(new Stack(), dictionary.StackTable[0]);
        Assert.Equal(new byte[16], dictionary.LinkTable[0].TraceId.ToByteArray());
        Assert.Equal(new byte[8], dictionary.LinkTable[0].SpanId.ToByteArray());
        Assert.Equal(dictionary.StackTable.Count, dictionary.StackTable.Distinct().Count());
    }

    private static T At<T>(IList<T> table, int index, string name)
    {
        Assert.True(index >= 0 && index < table.Count, $"{name} index {index} is outside its table of {table.Count}");
        return table[index];
    }

    private sealed class Reader(ProfilesDictionary dictionary)
    {
        private readonly Dictionary<int, Mapping> _mappings = [];
        private readonly Dictionary<int, Function> _functions = [];
        private readonly List<Mapping> _mappingList = [];
        private readonly List<Function> _functionList = [];

        public Profile Profile(ScopeProfiles scope)
        {
            var attributes = scope.Scope.Attributes.ToDictionary(a => a.Key, a => a.Value);
            var order = attributes[OtlpProtocol.SampleTypeOrder].ArrayValue.Values.Select(v => (int)v.IntValue).ToArray();
            var parts = scope.Profiles;
            Assert.Equal(order.Length, parts.Count);
            var types = new SampleType[order.Length];
            for (var k = 0; k < order.Length; k++)
            {
                types[order[k]] = Type(parts[k].SampleType);
            }

            var first = parts[0];
            foreach (var part in parts)
            {
                Assert.Equal(
                    (first.TimeUnixNano, first.DurationNano, first.Period, first.PeriodType, first.Samples.Count),
                    (part.TimeUnixNano, part.DurationNano, part.Period, part.PeriodType, part.Samples.Count));
                Assert.Equal(first.AttributeIndices, part.AttributeIndices);
                Assert.Equal(16, part.ProfileId.Length);
                Assert.Contains(part.ProfileId.ToByteArray(), b => b != 0);
            }

            var profile = new Profile(types)
            {
                TimeNanos = (long)first.TimeUnixNano,
                DurationNanos = (long)first.DurationNano,
                Period = first.Period,
                PeriodType = first.PeriodType is null ? null : Type(first.PeriodType),
                DefaultSampleType = attributes.TryGetValue(OtlpProtocol.DefaultSampleType, out var @default) ? @default.StringValue : "",
            };
            ReadProfileAttributes(first, profile);

            var reached = new SortedSet<int>(first.Samples.SelectMany(s => At(dictionary.StackTable, s.StackIndex, "stack").LocationIndices));
            var position = new Dictionary<int, int>();
            foreach (var index in reached)
            {
                position[index] = profile.Locations.Count;
                profile.Locations.Add(Location(index, (ulong)profile.Locations.Count + 1));
            }

            profile.Mappings.AddRange(_mappingList);
            profile.Functions.AddRange(_functionList);
            var values = new long[order.Length];
            for (var j = 0; j < first.Samples.Count; j++)
            {
                var sample = first.Samples[j];
                for (var k = 0; k < parts.Count; k++)
                {
                    var part = parts[k].Samples[j];
                    Assert.Equal((sample.StackIndex, sample.AttributeIndices, 0), (part.StackIndex, part.AttributeIndices, part.LinkIndex));
                    Assert.Empty(part.TimestampsUnixNano);
                    values[order[k]] = Assert.Single(part.Values);
                }

                var stack = dictionary.StackTable[sample.StackIndex].LocationIndices.Select(i => position[i]).ToArray();
                profile.Samples.Add(stack, values, Labels(sample));
            }

            return profile;
        }

        private SampleType Type(Wire.ValueType type) =>
            new(At(dictionary.StringTable, type.TypeStrindex, "type"), At(dictionary.StringTable, type.UnitStrindex, "unit"));

        private void ReadProfileAttributes(Wire.Profile first, Profile profile)
        {
            foreach (var index in first.AttributeIndices)
            {
                var attribute = At(dictionary.AttributeTable, index, "attribute");
                var key = dictionary.StringTable[attribute.KeyStrindex];
                switch (key)
                {
                    case OtlpProtocol.Comment:
                        profile.Comments.AddRange(attribute.Value.ArrayValue.Values.Select(v => v.StringValue));
                        break;
                    case OtlpProtocol.DropFrames:
                        profile.DropFrames = attribute.Value.StringValue;
                        break;
                    case OtlpProtocol.KeepFrames:
                        profile.KeepFrames = attribute.Value.StringValue;
                        break;
                    case OtlpProtocol.DocUrl:
                        profile.DocUrl = attribute.Value.StringValue;
                        break;
                    default:
                        Assert.Fail($"unexpected profile attribute {key}");
                        break;
                }
            }
        }

        private Location Location(int index, ulong id)
        {
            var written = At(dictionary.LocationTable, index, "location");
            Assert.NotEqual(0, index);
            return new Location
            {
                Id = id,
                Mapping = Mapping(written.MappingIndex),
                Address = written.Address,
                Lines = [.. written.Lines.Select(l => new Line(Function(l.FunctionIndex), l.Line_, l.Column))],
                IsFolded = Flags(written.AttributeIndices).Contains(OtlpDictionary.IsFolded),
            };
        }

        private Mapping? Mapping(int index)
        {
            if (index == 0)
            {
                return null;
            }

            if (!_mappings.TryGetValue(index, out var mapping))
            {
                var written = At(dictionary.MappingTable, index, "mapping");
                var flags = Flags(written.AttributeIndices);
                mapping = _mappings[index] = new Mapping
                {
                    Id = (ulong)_mappingList.Count + 1,
                    Start = written.MemoryStart,
                    Limit = written.MemoryLimit,
                    Offset = written.FileOffset,
                    File = At(dictionary.StringTable, written.FilenameStrindex, "file name"),
                    BuildId = written.AttributeIndices.Select(i => dictionary.AttributeTable[i])
                        .FirstOrDefault(a => dictionary.StringTable[a.KeyStrindex] == OtlpDictionary.BuildId)?.Value.StringValue ?? "",
                    HasFunctions = flags.Contains(OtlpDictionary.HasFunctions),
                    HasFilenames = flags.Contains(OtlpDictionary.HasFilenames),
                    HasLineNumbers = flags.Contains(OtlpDictionary.HasLineNumbers),
                    HasInlineFrames = flags.Contains(OtlpDictionary.HasInlineFrames),
                };
                _mappingList.Add(mapping);
            }

            return mapping;
        }

        private Function? Function(int index)
        {
            if (index == 0)
            {
                return null;
            }

            if (!_functions.TryGetValue(index, out var function))
            {
                var written = At(dictionary.FunctionTable, index, "function");
                function = _functions[index] = new Function
                {
                    Id = (ulong)_functionList.Count + 1,
                    Name = At(dictionary.StringTable, written.NameStrindex, "name"),
                    SystemName = At(dictionary.StringTable, written.SystemNameStrindex, "system name"),
                    Filename = At(dictionary.StringTable, written.FilenameStrindex, "file name"),
                    StartLine = written.StartLine,
                };
                _functionList.Add(function);
            }

            return function;
        }

        /// <summary>The keys of the true boolean attributes.</summary>
        private HashSet<string> Flags(IEnumerable<int> indices) =>
        [
            .. indices.Select(i => At(dictionary.AttributeTable, i, "attribute"))
                .Where(a => a.Value.ValueCase == AnyValue.ValueOneofCase.BoolValue && a.Value.BoolValue)
                .Select(a => dictionary.StringTable[a.KeyStrindex]),
        ];

        private Label[] Labels(Sample sample)
        {
            var labels = new List<Label>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var index in sample.AttributeIndices)
            {
                var attribute = At(dictionary.AttributeTable, index, "attribute");
                var key = dictionary.StringTable[attribute.KeyStrindex];
                Assert.True(keys.Add(key), $"attribute {key} twice in one sample");
                var unit = attribute.UnitStrindex == 0 ? null : dictionary.StringTable[attribute.UnitStrindex];
                var values = attribute.Value.ValueCase == AnyValue.ValueOneofCase.ArrayValue
                    ? [.. attribute.Value.ArrayValue.Values]
                    : new[] { attribute.Value };
                labels.AddRange(values.Select(v => v.ValueCase == AnyValue.ValueOneofCase.IntValue
                    ? Label.Number(key, v.IntValue, unit)
                    : Label.String(key, v.StringValue)));
            }

            return [.. labels];
        }
    }
}
