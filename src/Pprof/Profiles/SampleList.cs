using System.Runtime.CompilerServices;

namespace Pprof.Profiles;

/// <summary>Edits one sample: may shorten, rewrite or replace the stack (with a span of its own) or change values; false drops the sample.</summary>
internal delegate bool SampleEditor(int sample, ref Span<int> stack, Span<long> values, ReadOnlySpan<Label> labels);

/// <summary>Whether to keep the sample <paramref name="sample"/> is on.</summary>
internal delegate bool SampleFilter(ref SampleCursor sample);

/// <summary>Rewrites one set of labels into <paramref name="output"/>.</summary>
internal delegate void LabelEditor(ReadOnlySpan<Label> labels, List<Label> output);

/// <summary>
/// The samples of a profile, packed: each sample is a run of varints (stack length, location indices leaf first,
/// zigzag values, label set) in one byte array, and equal label sets are stored once. A million-sample profile
/// takes about as much memory as its protobuf encoding. A freshly decoded profile goes further and keeps its
/// samples encoded until something edits them. Passes over the samples read them with a
/// <see cref="SampleCursor"/>; edits rewrite the whole list.
/// </summary>
public sealed class SampleList
{
    /// <summary>Encoded samples note where every this many samples start, so that passes can split the work.</summary>
    internal const int CheckpointStride = 4096;

    /// <summary>Field 2 of a profile, length-delimited: a sample.</summary>
    private const byte SampleFieldTag = (2 << 3) | 2;

    private LabelSets _labelSets;
    private Proto.EncodedSamples? _encoded;

    /// <summary>The storage is also another list's (<see cref="Share"/>): copied before anything is added.</summary>
    private bool _shared;
    private int[] _checkpoints = [];
    private long[] _absoluteTotals;
    private byte[] _data;
    private int _length;
    private int[] _offsets;

    public SampleList(int valueCount, int capacity = 4, int byteCapacity = 64)
        : this(valueCount, new LabelSets(), capacity, byteCapacity)
    {
    }

    private SampleList(int valueCount, LabelSets labelSets, int capacity, int byteCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(valueCount);
        ValueCount = valueCount;
        _labelSets = labelSets;
        _data = new byte[Math.Max(byteCapacity, 16)];
        _offsets = new int[Math.Max(capacity, 1) + 1];
        _absoluteTotals = new long[valueCount];
    }

    internal static SampleList FromEncoded(
        Proto.EncodedSamples encoded, int count, int minStackLength, int maxStackLength, int[] checkpoints, long[] absoluteTotals) =>
        new(encoded.ValueCount, new LabelSets(), 1, 16)
        {
            _encoded = encoded,
            Count = count,
            MinStackLength = minStackLength,
            MaxStackLength = maxStackLength,
            _checkpoints = checkpoints,
            _absoluteTotals = absoluteTotals,
        };

    /// <summary>Σ|value| of each value column over all samples, kept up to date so that totals need no pass.</summary>
    internal ReadOnlySpan<long> AbsoluteTotals => _absoluteTotals;

    internal Proto.EncodedSamples? Encoded => _encoded;

    /// <summary>Whether the samples stay in the file they came from, read again on every pass, as those of a very large profile do.</summary>
    public bool StayInFile => _encoded?.IsStreamed == true;

    /// <summary>How many values each sample carries: one per sample type.</summary>
    public int ValueCount { get; }

    public int Count { get; private set; }

    /// <summary>The longest stack, so that readers can size their buffers once.</summary>
    internal int MaxStackLength { get; private set; }

    /// <summary>The shortest stack (0 when some sample has no frames).</summary>
    internal int MinStackLength { get; private set; } = int.MaxValue;

    /// <summary>False when no sample can carry a label with this key, which spares reading labels at all.</summary>
    public bool MayHaveLabel(string key)
    {
        if (_encoded is not null)
        {
            return _encoded.HasString(key);
        }

        for (var id = 1; id < _labelSets.Count; id++)
        {
            foreach (var label in _labelSets[id])
            {
                if (label.Key == key)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Reads the samples in order, without allocating.</summary>
    public SampleCursor GetCursor() => new(this, 0, Count, 0);

    /// <summary>
    /// Reads part <paramref name="part"/> of <paramref name="parts"/> roughly equal parts, so that a pass can run
    /// on several threads; the parts together cover every sample once, in order.
    /// </summary>
    internal SampleCursor GetCursor(int part, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)part, (uint)parts, nameof(part));
        if (_encoded is null)
        {
            var first = (int)((long)Count * part / parts);
            var end = (int)((long)Count * (part + 1) / parts);
            return new SampleCursor(this, first, end, _offsets[first]);
        }

        if (_encoded.IsStreamed)
        {
            // One pass over the file: the last part reads it all.
            return new SampleCursor(this, part + 1 == parts ? 0 : Count, Count, 0);
        }

        int Start(int p) => (int)((long)_checkpoints.Length * p / parts);
        var startCheckpoint = Start(part);
        var endCheckpoint = Start(part + 1);
        var firstSample = Math.Min(startCheckpoint * CheckpointStride, Count);
        var endSample = part + 1 == parts ? Count : Math.Min(endCheckpoint * CheckpointStride, Count);
        var offset = startCheckpoint < _checkpoints.Length ? _checkpoints[startCheckpoint] : _encoded.Data.Length;
        return new SampleCursor(this, firstSample, endSample, offset);
    }

    /// <summary>Location indices of one sample, leaf first. Allocates: passes over all samples use <see cref="GetCursor"/>.</summary>
    public int[] Stack(int sample)
    {
        EnsurePacked();
        var reader = Record(sample);
        var stack = new int[reader.ReadCount()];
        for (var i = 0; i < stack.Length; i++)
        {
            stack[i] = (int)reader.ReadVarint();
        }

        return stack;
    }

    /// <summary>The values of one sample. Allocates: passes over all samples use <see cref="GetCursor"/>.</summary>
    public long[] Values(int sample)
    {
        EnsurePacked();
        var reader = Record(sample);
        reader.Skip(reader.ReadCount());
        var values = new long[ValueCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadZigZag();
        }

        return values;
    }

    public ReadOnlySpan<Label> Labels(int sample)
    {
        EnsurePacked();
        var reader = Record(sample);
        reader.Skip(reader.ReadCount() + ValueCount);
        return _labelSets[(int)reader.ReadVarint()];
    }

    /// <summary>The labels of a label set id.</summary>
    internal ReadOnlySpan<Label> LabelSet(int id) => _labelSets[id];


    public void Add(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels)
    {
        Own();
        Add(stack, values, _labelSets.Intern(labels));
    }

    internal void Add(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, int labelSet)
    {
        Own();
        if (values.Length != ValueCount)
        {
            throw new ArgumentException($"A sample needs {ValueCount} values, got {values.Length}.", nameof(values));
        }

        Ensure(10 * (stack.Length + values.Length + 2));
        var data = _data;
        var position = _length;
        position = WriteVarint(data, position, (ulong)stack.Length);
        foreach (var location in stack)
        {
            position = WriteVarint(data, position, (uint)location);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            position = WriteVarint(data, position, (ulong)((value << 1) ^ (value >> 63)));
            _absoluteTotals[i] += LongMath.Abs(value);
        }

        _length = WriteVarint(data, position, (uint)labelSet);
        MaxStackLength = Math.Max(MaxStackLength, stack.Length);
        MinStackLength = Math.Min(MinStackLength, stack.Length);
        if (Count + 1 == _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _offsets[++Count] = _length;
    }

    /// <summary>
    /// A list of the same samples that shares this one's storage until either is changed, which then copies it: a
    /// report's copy of a profile costs nothing until a filter edits it, and samples read from the file again on each
    /// pass are not read into memory. Both lists are read-only to each other; reading both at once is safe.
    /// </summary>
    internal SampleList Share()
    {
        _shared = true;
        return new SampleList(ValueCount, _labelSets, 1, 16)
        {
            _shared = true,
            _encoded = _encoded,
            _checkpoints = _checkpoints,
            _absoluteTotals = _absoluteTotals,
            _data = _data,
            _length = _length,
            _offsets = _offsets,
            Count = Count,
            MinStackLength = MinStackLength,
            MaxStackLength = MaxStackLength,
        };
    }

    /// <summary>
    /// Passes every sample through <paramref name="editor"/>, which may shorten, rewrite or replace its stack, change its
    /// values or label set, or drop it. Kept samples stay in order.
    /// </summary>
    internal void Edit(SampleEditor editor)
    {
        var edited = new SampleList(ValueCount, new LabelSets(), Count, _encoded?.Data.Length ?? _length);
        var stack = new int[Math.Max(MaxStackLength, 1)];
        var cursor = GetCursor();
        while (cursor.MoveNext())
        {
            cursor.Stack.CopyTo(stack);
            var span = stack.AsSpan(0, cursor.Stack.Length);
            var values = cursor.WritableValues;
            var labels = cursor.Labels;
            if (editor(cursor.Index, ref span, values, labels))
            {
                edited.Add(span, values, labels);
            }
        }

        Replace(edited);
    }

    /// <summary>
    /// Drops the samples <paramref name="keep"/> says no to and changes nothing else, as a filter of samples does:
    /// samples still in the profile's encoding are copied as they are encoded, which is several times faster than
    /// packing them anew as <see cref="Edit"/> does.
    /// </summary>
    internal void Keep(SampleFilter keep)
    {
        if (_encoded is not { IsStreamed: false } encoded)
        {
            var packed = new SampleList(ValueCount, new LabelSets(), Count, _encoded is null ? _length : 64);
            var next = GetCursor();
            while (next.MoveNext())
            {
                if (keep(ref next))
                {
                    packed.Add(next.Stack, next.Values, next.Labels);
                }
            }

            Replace(packed);
            return;
        }

        // A sample's field is written as short as it can be: never longer than the profile wrote it.
        var data = new byte[encoded.Data.Length];
        var length = 0;
        var checkpoints = new List<int>(_checkpoints.Length);
        var absoluteTotals = new long[ValueCount];
        int count = 0, minStackLength = int.MaxValue, maxStackLength = 0;
        var cursor = GetCursor();
        while (cursor.MoveNext())
        {
            if (!keep(ref cursor))
            {
                continue;
            }

            if (count++ % CheckpointStride == 0)
            {
                checkpoints.Add(length);
            }

            var sample = cursor.EncodedSample;
            data[length++] = SampleFieldTag;
            length = WriteVarint(data, length, (ulong)sample.Length);
            sample.CopyTo(data.AsSpan(length));
            length += sample.Length;
            var values = cursor.Values;
            for (var i = 0; i < values.Length; i++)
            {
                absoluteTotals[i] += LongMath.Abs(values[i]);
            }

            minStackLength = Math.Min(minStackLength, cursor.Stack.Length);
            maxStackLength = Math.Max(maxStackLength, cursor.Stack.Length);
        }

        Replace(FromEncoded(encoded.With(data, length), count, minStackLength, maxStackLength, [.. checkpoints], absoluteTotals));
    }

    /// <summary>Rewrites every distinct label set once; samples keep pointing at their (rewritten) set.</summary>
    internal void EditLabels(LabelEditor editor)
    {
        EnsurePacked();
        var output = new List<Label>();
        var remap = new int[_labelSets.Count];
        var sets = new LabelSets();
        for (var id = 0; id < remap.Length; id++)
        {
            output.Clear();
            editor(_labelSets[id], output);
            remap[id] = sets.Intern(output.ToArray());
        }

        var edited = new SampleList(ValueCount, sets, Count, _length);
        var cursor = GetCursor();
        while (cursor.MoveNext())
        {
            edited.Add(cursor.Stack, cursor.Values, remap[cursor.LabelSetId]);
        }

        Replace(edited);
    }

    /// <summary>Makes the storage this list's own and packed, to be added to.</summary>
    private void Own()
    {
        EnsurePacked();
        if (!_shared)
        {
            return;
        }

        _data = (byte[])_data.Clone();
        _offsets = (int[])_offsets.Clone();
        _absoluteTotals = (long[])_absoluteTotals.Clone();
        var labelSets = new LabelSets();
        labelSets.ReplaceWith(_labelSets);
        _labelSets = labelSets;
        _shared = false;
    }

    private void EnsurePacked()
    {
        if (_encoded is null)
        {
            return;
        }

        var packed = new SampleList(ValueCount, new LabelSets(), Count, _encoded.Data.Length);
        var cursor = GetCursor();
        while (cursor.MoveNext())
        {
            packed.Add(cursor.Stack, cursor.Values, cursor.Labels);
        }

        Replace(packed);
    }

    private void Replace(SampleList other)
    {
        _encoded = other._encoded;
        _checkpoints = other._checkpoints;
        _absoluteTotals = other._absoluteTotals;
        _data = other._data;
        _length = other._length;
        _offsets = other._offsets;
        Count = other.Count;
        MinStackLength = other.MinStackLength;
        MaxStackLength = other.MaxStackLength;
        _labelSets = other._labelSets;
        _shared = false;
    }

    private PackedReader Record(int sample)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)sample, (uint)Count, nameof(sample));
        return new PackedReader(_data.AsSpan(_offsets[sample], _offsets[sample + 1] - _offsets[sample]));
    }

    internal ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    private void Ensure(int extra)
    {
        if (_length + extra > _data.Length)
        {
            Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(_data.Length * 2L, _length + (long)extra)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int WriteVarint(byte[] data, int position, ulong value)
    {
        while (value >= 0x80)
        {
            data[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        data[position++] = (byte)value;
        return position;
    }
}
