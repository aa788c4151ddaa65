using System.Runtime.CompilerServices;
using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>Reads sample messages one after the other from the top level of an encoded profile.</summary>
internal ref struct EncodedSampleReader(EncodedSamples samples, int start = 0)
{
    private ProtoReader _profile = new(samples.Data[start..]);
    private ReadOnlySpan<byte> _sample;

    /// <summary>Where the next sample's search starts, relative to the whole profile: a place to start another reader.</summary>
    public readonly int Position => start + _profile.Position;

    /// <summary>Moves to the next sample and decodes its stack and values; false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext(int[] stack, long[] values, out int stackLength)
    {
        while (_profile.ReadTag(out var field, out var wireType))
        {
            if (field == 2 && wireType == WireType.LengthDelimited)
            {
                _sample = _profile.ReadBytes();
                Decode(stack, values, out stackLength);
                return true;
            }

            _profile.Skip(wireType);
        }

        stackLength = 0;
        return false;
    }

    /// <summary>
    /// Checks the next sample and returns its location and value counts, adding each |value| to
    /// <paramref name="absoluteTotals"/>; used once, before buffers are sized.
    /// </summary>
    public bool MoveNextShape(out int stackLength, out int valueCount, Span<long> absoluteTotals)
    {
        stackLength = valueCount = 0;
        while (_profile.ReadTag(out var field, out var wireType))
        {
            if (field != 2 || wireType != WireType.LengthDelimited)
            {
                _profile.Skip(wireType);
                continue;
            }

            _sample = _profile.ReadBytes();
            var reader = new ProtoReader(_sample);
            while (reader.ReadTag(out var sampleField, out var sampleWire))
            {
                var count = 1;
                if (sampleWire == WireType.LengthDelimited && sampleField is 1 or 2)
                {
                    count = 0;
                    var packed = new ProtoReader(reader.ReadBytes());
                    while (!packed.End)
                    {
                        var value = packed.ReadVarint();
                        if (sampleField == 1)
                        {
                            samples.LocationIndex(value);
                        }
                        else if (valueCount + count < absoluteTotals.Length)
                        {
                            absoluteTotals[valueCount + count] += LongMath.Abs((long)value);
                        }

                        count++;
                    }
                }
                else if (sampleField == 3 && sampleWire == WireType.LengthDelimited)
                {
                    DecodeLabel(reader.ReadBytes());
                    continue;
                }
                else if (sampleField is 1 or 2)
                {
                    var value = reader.ReadInteger(sampleWire);
                    if (sampleField == 1)
                    {
                        samples.LocationIndex(value);
                    }
                    else if (valueCount < absoluteTotals.Length)
                    {
                        absoluteTotals[valueCount] += LongMath.Abs((long)value);
                    }
                }
                else
                {
                    reader.Skip(sampleWire);
                    continue;
                }

                if (sampleField == 1)
                {
                    stackLength += count;
                }
                else
                {
                    valueCount += count;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>The labels of the current sample, appended to <paramref name="labels"/>.</summary>
    public readonly void ReadLabels(List<Label> labels)
    {
        var reader = new ProtoReader(_sample);
        while (reader.ReadTag(out var field, out var wireType))
        {
            if (field == 3 && wireType == WireType.LengthDelimited)
            {
                if (DecodeLabel(reader.ReadBytes()) is { } label)
                {
                    labels.Add(label);
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly void Decode(int[] stack, long[] values, out int stackLength)
    {
        stackLength = 0;
        var valueCount = 0;
        var reader = new ProtoReader(_sample);
        while (reader.ReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case 1 when wireType == WireType.LengthDelimited:
                    var packed = new ProtoReader(reader.ReadBytes());
                    while (!packed.End)
                    {
                        stack[stackLength++] = samples.LocationIndex(packed.ReadVarint());
                    }

                    break;
                case 1:
                    stack[stackLength++] = samples.LocationIndex(reader.ReadInteger(wireType));
                    break;
                case 2 when wireType == WireType.LengthDelimited:
                    var packedValues = new ProtoReader(reader.ReadBytes());
                    while (!packedValues.End)
                    {
                        values[valueCount++] = (long)packedValues.ReadVarint();
                    }

                    break;
                case 2:
                    values[valueCount++] = (long)reader.ReadInteger(wireType);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
    }

    private readonly Label? DecodeLabel(ReadOnlySpan<byte> data)
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
            return Label.String(samples.String(key), samples.String(str));
        }

        return num != 0 || numUnit != 0
            ? Label.Number(samples.String(key), num, numUnit != 0 ? samples.String(numUnit) : null)
            : null;
    }
}
