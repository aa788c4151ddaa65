namespace Pprof.Profiles;

/// <summary>
/// Reads the samples of a <see cref="SampleList"/> in order. <see cref="Stack"/> and <see cref="Values"/> are
/// valid until the next <see cref="MoveNext"/>.
/// </summary>
public ref struct SampleCursor
{
    private readonly SampleList _samples;
    private readonly int[] _stack;
    private readonly long[] _values;
    private PackedReader _reader;
    private int _stackLength;

    internal SampleCursor(SampleList samples)
    {
        _samples = samples;
        _stack = new int[Math.Max(samples.MaxStackLength, 1)];
        _values = new long[samples.ValueCount];
        _reader = new PackedReader(samples.Data);
        Index = -1;
    }

    public int Index { get; private set; }

    /// <summary>Location indices, leaf first.</summary>
    public readonly ReadOnlySpan<int> Stack => _stack.AsSpan(0, _stackLength);

    public readonly ReadOnlySpan<long> Values => _values;

    internal readonly Span<long> WritableValues => _values;

    /// <summary>The id of the sample's label set (0 is the empty set).</summary>
    public int LabelSet { get; private set; }

    public readonly ReadOnlySpan<Label> Labels => _samples.LabelSet(LabelSet);

    public bool MoveNext()
    {
        if (_reader.End)
        {
            return false;
        }

        Index++;
        _stackLength = _reader.ReadCount();
        for (var i = 0; i < _stackLength; i++)
        {
            _stack[i] = (int)_reader.ReadVarint();
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = _reader.ReadZigZag();
        }

        LabelSet = (int)_reader.ReadVarint();
        return true;
    }
}
