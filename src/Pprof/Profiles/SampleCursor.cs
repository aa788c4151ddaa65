using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pprof.Profiles.Proto;

namespace Pprof.Profiles;

/// <summary>
/// Reads the samples of a <see cref="SampleList"/> in order. <see cref="Stack"/>, <see cref="Values"/> and
/// <see cref="Labels"/> are valid until the next <see cref="MoveNext"/>.
/// </summary>
public ref struct SampleCursor
{
    private readonly SampleList _samples;
    private readonly int[] _stack;
    private readonly long[] _values;
    private readonly bool _encoded;
    private readonly int _end;
    private PackedReader _packed;
    private EncodedSampleReader _reader;
    private int _stackLength;
    private int _labelSet;
    private List<Label>? _labels;
    private bool _labelsRead;

    internal SampleCursor(SampleList samples, int first, int end, int byteOffset)
    {
        _samples = samples;
        _end = end;
        _stack = new int[Math.Max(samples.MaxStackLength, 1)];
        _values = new long[samples.ValueCount];
        if (samples.Encoded is { } encoded)
        {
            _encoded = true;
            if (first < end)
            {
                _reader = new EncodedSampleReader(encoded, byteOffset);
            }
        }
        else
        {
            _packed = new PackedReader(samples.Data[byteOffset..]);
        }

        Index = first - 1;
    }

    public int Index { get; private set; }

    /// <summary>Location indices, leaf first.</summary>
    public readonly ReadOnlySpan<int> Stack => _stack.AsSpan(0, _stackLength);

    public readonly ReadOnlySpan<long> Values => _values;

    internal readonly Span<long> WritableValues => _values;

    /// <summary>The sample's message as the profile encodes it, when the list is encoded (<see cref="HasLabelSetIds"/> is false).</summary>
    internal readonly ReadOnlySpan<byte> EncodedSample => _reader.Current;

    /// <summary>The id of the label set of a packed list's sample.</summary>
    internal readonly int LabelSetId => _labelSet;

    /// <summary>Whether <see cref="LabelSetId"/> names the labels: samples read from an encoded list have no ids.</summary>
    internal readonly bool HasLabelSetIds => !_encoded;

    public ReadOnlySpan<Label> Labels
    {
        get
        {
            if (!_encoded)
            {
                return _samples.LabelSet(_labelSet);
            }

            if (!_labelsRead)
            {
                _labels ??= [];
                _labels.Clear();
                _reader.ReadLabels(_labels);
                _labelsRead = true;
            }

            return CollectionsMarshal.AsSpan(_labels);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        _labelsRead = false;
        if (Index + 1 >= _end)
        {
            _reader.Dispose();
            return false;
        }

        if (_encoded)
        {
            if (!_reader.MoveNext(_stack, _values, out _stackLength))
            {
                return false;
            }

            Index++;
            return true;
        }

        if (_packed.End)
        {
            return false;
        }

        Index++;
        _stackLength = _packed.ReadCount();
        for (var i = 0; i < _stackLength; i++)
        {
            _stack[i] = (int)_packed.ReadVarint();
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _packed.ReadZigZag();
        }

        _labelSet = (int)_packed.ReadVarint();
        return true;
    }
}
