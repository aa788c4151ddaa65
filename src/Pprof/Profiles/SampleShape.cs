using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>Reads one encoded sample message for its shape: how many locations and values it has, and |value| totals.</summary>
internal static class SampleShape
{
    /// <summary>
    /// Counts the locations and values of <paramref name="sample"/>, adds each |value| to
    /// <paramref name="absoluteTotals"/> (as far as it reaches) and passes every location id and every string index
    /// that a label uses to <paramref name="references"/>, in order.
    /// </summary>
    public static void Read<TReferences>(
        ReadOnlySpan<byte> sample, ref TReferences references, Span<long> absoluteTotals, out int stackLength, out int valueCount)
        where TReferences : struct, ISampleReferences
    {
        stackLength = valueCount = 0;
        var reader = new ProtoReader(sample);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 when wireType == WireType.LengthDelimited:
                    var locations = new ProtoReader(reader.ReadBytes());
                    while (!locations.End)
                    {
                        references.Location(locations.ReadVarint());
                        stackLength++;
                    }

                    break;
                case 1:
                    references.Location(reader.ReadInteger(wireType));
                    stackLength++;
                    break;
                case 2 when wireType == WireType.LengthDelimited:
                    var values = new ProtoReader(reader.ReadBytes());
                    while (!values.End)
                    {
                        AddTotal(absoluteTotals, valueCount++, values.ReadVarint());
                    }

                    break;
                case 2:
                    AddTotal(absoluteTotals, valueCount++, reader.ReadInteger(wireType));
                    break;
                case 3 when wireType == WireType.LengthDelimited:
                    ReadLabel(reader.ReadBytes(), ref references);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
    }

    private static void AddTotal(Span<long> absoluteTotals, int index, ulong value)
    {
        if ((uint)index < (uint)absoluteTotals.Length)
        {
            absoluteTotals[index] += LongMath.Abs((long)value);
        }
    }

    /// <summary>Passes on the string indices that decoding the label looks up, in the order it does.</summary>
    private static void ReadLabel<TReferences>(ReadOnlySpan<byte> label, ref TReferences references)
        where TReferences : struct, ISampleReferences
    {
        var encoded = EncodedLabel.Read(label);
        if (encoded.IsString)
        {
            references.String(encoded.Key);
            references.String(encoded.Str);
        }
        else if (!encoded.IsEmpty)
        {
            references.String(encoded.Key);
            if (encoded.NumUnit != 0)
            {
                references.String(encoded.NumUnit);
            }
        }
    }
}
