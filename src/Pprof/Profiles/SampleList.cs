namespace Pprof.Profiles;

/// <summary>Decides whether a sample stays, and may shorten or rewrite its stack in place.</summary>
public delegate bool StackEditor(int sample, ref Span<int> stack);

/// <summary>Rewrites the labels of one sample into <paramref name="output"/>.</summary>
public delegate void LabelEditor(int sample, ReadOnlySpan<Label> labels, List<Label> output);

/// <summary>
/// The samples of a profile, stored column by column: every stack in one array of location indices
/// (leaf first, indexing <see cref="Profile.Locations"/>), every value in one array, every label in one array.
/// A profile with a million samples is then a handful of arrays rather than millions of small objects.
/// </summary>
public sealed class SampleList
{
    private int[] _stackOffsets;
    private int[] _stacks;
    private long[] _values;
    private int[] _labelOffsets;
    private Label[] _labels;
    private int _stackLength;
    private int _labelLength;
    private bool _open;

    public SampleList(int valueCount, int capacity = 4, int stackCapacity = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueCount);
        ValueCount = valueCount;
        capacity = Math.Max(capacity, 1);
        _stackOffsets = new int[capacity + 1];
        _labelOffsets = new int[capacity + 1];
        _values = new long[Math.Max(capacity * valueCount, 1)];
        _stacks = new int[Math.Max(stackCapacity, 4)];
        _labels = [];
    }

    /// <summary>How many values each sample carries: one per sample type.</summary>
    public int ValueCount { get; }

    public int Count { get; private set; }

    /// <summary>Location indices of sample <paramref name="sample"/>, leaf first.</summary>
    public ReadOnlySpan<int> Stack(int sample) =>
        _stacks.AsSpan(_stackOffsets[sample], _stackOffsets[sample + 1] - _stackOffsets[sample]);

    public Span<long> Values(int sample) => _values.AsSpan(sample * ValueCount, ValueCount);

    public ReadOnlySpan<Label> Labels(int sample) =>
        _labels.AsSpan(_labelOffsets[sample], _labelOffsets[sample + 1] - _labelOffsets[sample]);

    /// <summary>Value <paramref name="index"/> of every sample, for bulk work such as scaling.</summary>
    public Span<long> AllValues => _values.AsSpan(0, Count * ValueCount);

    public bool HasLabels => _labelLength > 0;

    public void Add(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels)
    {
        if (values.Length != ValueCount)
        {
            throw new ArgumentException($"A sample needs {ValueCount} values, got {values.Length}.", nameof(values));
        }

        BeginSample();
        EnsureStackCapacity(stack.Length);
        stack.CopyTo(_stacks.AsSpan(_stackLength));
        _stackLength += stack.Length;
        values.CopyTo(_values.AsSpan(Count * ValueCount));
        _valuesWritten = ValueCount;
        foreach (var label in labels)
        {
            AddLabel(label);
        }

        EndSample();
    }

    // The incremental API below lets the decoder write straight into the columns without temporary buffers.
    private int _valuesWritten;

    internal void BeginSample()
    {
        if (Count + 1 >= _stackOffsets.Length)
        {
            var capacity = _stackOffsets.Length * 2;
            Array.Resize(ref _stackOffsets, capacity);
            Array.Resize(ref _labelOffsets, capacity);
        }

        if ((Count + 1) * ValueCount > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, (Count + 1) * ValueCount));
        }

        _valuesWritten = 0;
        _open = true;
    }

    internal void AddLocation(int locationIndex)
    {
        EnsureStackCapacity(1);
        _stacks[_stackLength++] = locationIndex;
    }

    /// <summary>Adds a value; returns false when the sample already has all its values.</summary>
    internal bool TryAddValue(long value)
    {
        if (_valuesWritten >= ValueCount)
        {
            _valuesWritten++;
            return false;
        }

        _values[Count * ValueCount + _valuesWritten++] = value;
        return true;
    }

    internal int ValuesWritten => _valuesWritten;

    internal void AddLabel(Label label)
    {
        if (_labelLength == _labels.Length)
        {
            Array.Resize(ref _labels, Math.Max(16, _labels.Length * 2));
        }

        _labels[_labelLength++] = label;
    }

    internal void EndSample()
    {
        if (!_open)
        {
            throw new InvalidOperationException("EndSample without BeginSample.");
        }

        Count++;
        _stackOffsets[Count] = _stackLength;
        _labelOffsets[Count] = _labelLength;
        _open = false;
    }

    /// <summary>
    /// Visits every sample once; the editor may shorten or rewrite the stack in place, or drop the sample.
    /// Kept samples stay in order.
    /// </summary>
    public void Retain(StackEditor editor)
    {
        int kept = 0, stackWrite = 0, labelWrite = 0, stackRead = 0, labelRead = 0;
        for (var i = 0; i < Count; i++)
        {
            // Offsets are read before the compacted ones overwrite them.
            var start = stackRead;
            stackRead = _stackOffsets[i + 1];
            var labelStart = labelRead;
            labelRead = _labelOffsets[i + 1];
            var stack = _stacks.AsSpan(start, stackRead - start);
            if (!editor(i, ref stack))
            {
                continue;
            }

            // Both cursors only move forward and never pass the read position, so compacting in place is safe.
            stack.CopyTo(_stacks.AsSpan(stackWrite));
            stackWrite += stack.Length;
            _labels.AsSpan(labelStart, labelRead - labelStart).CopyTo(_labels.AsSpan(labelWrite));
            labelWrite += labelRead - labelStart;
            if (kept != i)
            {
                _values.AsSpan(i * ValueCount, ValueCount).CopyTo(_values.AsSpan(kept * ValueCount));
            }

            kept++;
            _stackOffsets[kept] = stackWrite;
            _labelOffsets[kept] = labelWrite;
        }

        Array.Clear(_labels, labelWrite, _labelLength - labelWrite);
        Count = kept;
        _stackLength = stackWrite;
        _labelLength = labelWrite;
    }

    /// <summary>Replaces the labels of every sample with what <paramref name="editor"/> writes.</summary>
    public void RewriteLabels(LabelEditor editor)
    {
        var output = new List<Label>();
        var labels = new Label[Math.Max(_labelLength, 4)];
        var length = 0;
        var offsets = new int[_labelOffsets.Length];
        for (var i = 0; i < Count; i++)
        {
            output.Clear();
            editor(i, Labels(i), output);
            if (length + output.Count > labels.Length)
            {
                Array.Resize(ref labels, Math.Max(labels.Length * 2, length + output.Count));
            }

            output.CopyTo(labels, length);
            length += output.Count;
            offsets[i + 1] = length;
        }

        _labels = labels;
        _labelOffsets = offsets;
        _labelLength = length;
    }

    private void EnsureStackCapacity(int extra)
    {
        if (_stackLength + extra > _stacks.Length)
        {
            Array.Resize(ref _stacks, Math.Max(_stacks.Length * 2, _stackLength + extra));
        }
    }
}
