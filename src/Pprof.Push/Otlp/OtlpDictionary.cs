using Google.Protobuf;
using Pprof.Profiles;
using Pprof.Push.Otlp.Wire;
using Function = Pprof.Profiles.Function;
using Location = Pprof.Profiles.Location;
using Mapping = Pprof.Profiles.Mapping;

namespace Pprof.Push.Otlp;

/// <summary>
/// The <c>ProfilesDictionary</c> of one export request, shared by all its profiles: strings, mappings,
/// locations, functions, stacks and attributes, each stored once and referenced by index, every table starting
/// with its zero value as the format requires. pprof's fields that OTLP has no field for travel as the
/// <c>pprof.*</c> attributes of OpenTelemetry's semantic conventions.
/// </summary>
internal sealed class OtlpDictionary
{
    public const string BuildId = "process.executable.build_id.gnu";
    public const string HasFunctions = "pprof.mapping.has_functions";
    public const string HasFilenames = "pprof.mapping.has_filenames";
    public const string HasLineNumbers = "pprof.mapping.has_line_numbers";
    public const string HasInlineFrames = "pprof.mapping.has_inline_frames";
    public const string IsFolded = "pprof.location.is_folded";

    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<Mapping, int> _mappings = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Function, int> _functions = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Location, int> _locations = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int[], int> _stacks = new(StackComparer.Instance) { [[]] = 0 };
    private readonly Dictionary<(int Key, AnyValue.ValueOneofCase Kind, string? Text, long Number, int Unit), int> _attributes = [];

    public OtlpDictionary()
    {
        Table.StringTable.Add("");
        Table.MappingTable.Add(new Wire.Mapping());
        Table.LocationTable.Add(new Wire.Location());
        Table.FunctionTable.Add(new Wire.Function());
        Table.LinkTable.Add(new Link { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]) });
        Table.AttributeTable.Add(new KeyValueAndUnit());
        Table.StackTable.Add(new Stack());
    }

    public ProfilesDictionary Table { get; } = new();

    public int String(string text)
    {
        if (!_strings.TryGetValue(text, out var index))
        {
            index = _strings[text] = Table.StringTable.Count;
            Table.StringTable.Add(text);
        }

        return index;
    }

    public Wire.ValueType ValueType(SampleType type) => new() { TypeStrindex = String(type.Type), UnitStrindex = String(type.Unit) };

    public int Location(Location location)
    {
        if (_locations.TryGetValue(location, out var index))
        {
            return index;
        }

        var written = new Wire.Location { MappingIndex = Mapping(location.Mapping), Address = location.Address };
        foreach (var line in location.Lines)
        {
            written.Lines.Add(new Wire.Line { FunctionIndex = Function(line.Function), Line_ = line.Number, Column = line.Column });
        }

        if (location.IsFolded)
        {
            written.AttributeIndices.Add(Attribute(IsFolded, true));
        }

        index = _locations[location] = Table.LocationTable.Count;
        Table.LocationTable.Add(written);
        return index;
    }

    public int Stack(int[] locationIndices)
    {
        if (!_stacks.TryGetValue(locationIndices, out var index))
        {
            index = _stacks[locationIndices] = Table.StackTable.Count;
            Table.StackTable.Add(new Stack { LocationIndices = { locationIndices } });
        }

        return index;
    }

    public int Attribute(string key, string value) => Attribute(key, new AnyValue { StringValue = value }, value, 0);

    public int Attribute(string key, long value, string unit = "") => Attribute(key, new AnyValue { IntValue = value }, null, value, unit);

    public int Attribute(string key, bool value) => Attribute(key, new AnyValue { BoolValue = value }, null, value ? 1 : 0);

    /// <summary>An attribute of a list value, not shared: lists are rare enough that looking them up costs more than it saves.</summary>
    public int Attribute(string key, ArrayValue values, string unit = "")
    {
        Table.AttributeTable.Add(new KeyValueAndUnit
        {
            KeyStrindex = String(key), Value = new AnyValue { ArrayValue = values }, UnitStrindex = String(unit),
        });
        return Table.AttributeTable.Count - 1;
    }

    private int Attribute(string key, AnyValue value, string? text, long number, string unit = "")
    {
        var identity = (Key: String(key), value.ValueCase, text, number, Unit: String(unit));
        if (!_attributes.TryGetValue(identity, out var index))
        {
            index = _attributes[identity] = Table.AttributeTable.Count;
            Table.AttributeTable.Add(new KeyValueAndUnit { KeyStrindex = identity.Key, Value = value, UnitStrindex = identity.Unit });
        }

        return index;
    }

    private int Mapping(Mapping? mapping)
    {
        if (mapping is null)
        {
            return 0;
        }

        if (_mappings.TryGetValue(mapping, out var index))
        {
            return index;
        }

        var written = new Wire.Mapping
        {
            MemoryStart = mapping.Start,
            MemoryLimit = mapping.Limit,
            FileOffset = mapping.Offset,
            FilenameStrindex = String(mapping.File),
        };
        if (mapping.BuildId.Length > 0)
        {
            written.AttributeIndices.Add(Attribute(BuildId, mapping.BuildId));
        }

        foreach (var (flag, key) in (ReadOnlySpan<(bool, string)>)
            [(mapping.HasFunctions, HasFunctions), (mapping.HasFilenames, HasFilenames),
             (mapping.HasLineNumbers, HasLineNumbers), (mapping.HasInlineFrames, HasInlineFrames)])
        {
            if (flag)
            {
                written.AttributeIndices.Add(Attribute(key, true));
            }
        }

        index = _mappings[mapping] = Table.MappingTable.Count;
        Table.MappingTable.Add(written);
        return index;
    }

    private int Function(Function? function)
    {
        if (function is null)
        {
            return 0;
        }

        if (!_functions.TryGetValue(function, out var index))
        {
            index = _functions[function] = Table.FunctionTable.Count;
            Table.FunctionTable.Add(new Wire.Function
            {
                NameStrindex = String(function.Name),
                SystemNameStrindex = String(function.SystemName),
                FilenameStrindex = String(function.Filename),
                StartLine = function.StartLine,
            });
        }

        return index;
    }

    private sealed class StackComparer : IEqualityComparer<int[]>
    {
        public static readonly StackComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] stack)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(stack.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
