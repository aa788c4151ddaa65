using System.Runtime.CompilerServices;
using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>
/// Reads sample messages one after the other from the top level of an encoded profile: from memory, or from
/// the file again when the samples are streamed (the file is closed at the end).
/// </summary>
internal ref struct EncodedSampleReader
{
    private readonly EncodedSamples _samples;
    private readonly int _start;
    private readonly ProtoStreamReader? _stream;
    private ProtoReader _profile;
    private ReadOnlySpan<byte> _sample;

    public EncodedSampleReader(EncodedSamples samples, int start = 0)
    {
        _samples = samples;
        _start = start;
        if (_samples.IsStreamed)
        {
            _stream = _samples.Open();
        }
        else
        {
            _profile = new ProtoReader(_samples.Data[start..]);
        }
    }

    /// <summary>Where the next sample's search starts, relative to the whole profile: a place to start another reader.</summary>
    public readonly int Position => _start + _profile.Position;

    /// <summary>The current sample's message, as encoded.</summary>
    public readonly ReadOnlySpan<byte> Current => _sample;

    /// <summary>Moves to the next sample and decodes its stack and values; false at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext(int[] stack, long[] values, out int stackLength)
    {
        if (NextSample())
        {
            Decode(stack, values, out stackLength);
            return true;
        }

        stackLength = 0;
        return false;
    }

    /// <summary>Closes the file of streamed samples; passes that stop before the end call it.</summary>
    public readonly void Dispose() => _stream?.Dispose();

    private bool NextSample()
    {
        if (_stream is not null)
        {
            while (_stream.ReadTag(out var field, out var wireType))
            {
                if (field == 2 && wireType == WireType.LengthDelimited)
                {
                    _sample = _stream.ReadBytes();
                    return true;
                }

                _stream.Skip(wireType);
            }

            _stream.Dispose();
            return false;
        }

        while (_profile.ReadTag(out var field, out var wireType))
        {
            if (field == 2 && wireType == WireType.LengthDelimited)
            {
                _sample = _profile.ReadBytes();
                return true;
            }

            _profile.Skip(wireType);
        }

        return false;
    }

    /// <summary>
    /// Checks the next sample (its location ids and the string indices of its labels) and returns its location and
    /// value counts, adding each |value| to <paramref name="absoluteTotals"/>; used once, before buffers are sized.
    /// </summary>
    public bool MoveNextShape(out int stackLength, out int valueCount, Span<long> absoluteTotals)
    {
        stackLength = valueCount = 0;
        if (!NextSample())
        {
            return false;
        }

        var references = new CheckedReferences(_samples);
        SampleShape.Read(_sample, ref references, absoluteTotals, out stackLength, out valueCount);
        return true;
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
                        stack[stackLength++] = _samples.LocationIndex(packed.ReadVarint());
                    }

                    break;
                case 1:
                    stack[stackLength++] = _samples.LocationIndex(reader.ReadInteger(wireType));
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
        var label = EncodedLabel.Read(data);
        if (label.IsString)
        {
            return Label.String(_samples.String(label.Key), _samples.String(label.Str));
        }

        return label.IsEmpty
            ? null
            : Label.Number(_samples.String(label.Key), label.Num, label.NumUnit != 0 ? _samples.String(label.NumUnit) : null);
    }
}
