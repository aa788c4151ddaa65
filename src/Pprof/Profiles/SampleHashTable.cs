using System.Runtime.InteropServices;

namespace Pprof.Profiles;

/// <summary>
/// Collects samples, summing the values of samples whose stack and labels are equal, then packs them into a
/// <see cref="SampleList"/>. Keys are hashed straight from flat arrays, so no per-sample key object is allocated.
/// </summary>
internal sealed class SampleHashTable(int valueCount)
{
    private readonly Dictionary<int, int> _firstByHash = [];
    private readonly LabelSets _labels = new();
    private int[] _next = new int[16];
    private int[] _stackOffsets = new int[17];
    private int[] _labelSets = new int[16];
    private long[] _values = new long[16 * Math.Max(valueCount, 1)];
    private readonly List<int> _stacks = [];
    private int _count;

    public void Add(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels)
    {
        var labelSet = _labels.Intern(labels);
        var hash = HashCode.Combine(Hash(stack), labelSet);
        var collides = _firstByHash.TryGetValue(hash, out var candidate);
        for (var i = collides ? candidate : -1; i >= 0; i = _next[i])
        {
            if (_labelSets[i] == labelSet && stack.SequenceEqual(StackOf(i)))
            {
                var sum = _values.AsSpan(i * valueCount, valueCount);
                for (var v = 0; v < sum.Length; v++)
                {
                    sum[v] += values[v];
                }

                return;
            }
        }

        Grow();
        var index = _count++;
        foreach (var location in stack)
        {
            _stacks.Add(location);
        }

        _stackOffsets[index + 1] = _stacks.Count;
        values.CopyTo(_values.AsSpan(index * valueCount));
        _labelSets[index] = labelSet;
        _next[index] = collides ? candidate : -1;
        _firstByHash[hash] = index;
    }

    /// <summary>The collected samples in the order they were first seen.</summary>
    public SampleList ToSampleList()
    {
        var samples = new SampleList(valueCount, _count, _stacks.Count * 2);
        for (var i = 0; i < _count; i++)
        {
            samples.Add(StackOf(i), _values.AsSpan(i * valueCount, valueCount), _labels[_labelSets[i]]);
        }

        return samples;
    }

    private ReadOnlySpan<int> StackOf(int index) =>
        CollectionsMarshal.AsSpan(_stacks)[_stackOffsets[index].._stackOffsets[index + 1]];

    private void Grow()
    {
        if (_count < _next.Length)
        {
            return;
        }

        var capacity = _next.Length * 2;
        Array.Resize(ref _next, capacity);
        Array.Resize(ref _labelSets, capacity);
        Array.Resize(ref _stackOffsets, capacity + 1);
        Array.Resize(ref _values, capacity * Math.Max(valueCount, 1));
    }

    private static int Hash(ReadOnlySpan<int> stack)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(stack));
        return hash.ToHashCode();
    }
}
