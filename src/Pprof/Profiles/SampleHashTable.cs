using System.Runtime.InteropServices;

namespace Pprof.Profiles;

/// <summary>
/// Adds samples to a <see cref="SampleList"/>, summing the values of samples whose stack and labels are equal.
/// Keys are hashed straight from the columns, so no per-sample key object is ever allocated.
/// </summary>
internal sealed class SampleHashTable(SampleList samples)
{
    private readonly Dictionary<int, int> _firstByHash = [];
    private int[] _next = new int[16];

    public void Add(ReadOnlySpan<int> stack, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels)
    {
        var hash = Hash(stack, labels);
        var collides = _firstByHash.TryGetValue(hash, out var candidate);
        if (collides)
        {
            for (var i = candidate; i >= 0; i = _next[i])
            {
                if (stack.SequenceEqual(samples.Stack(i)) && labels.SequenceEqual(samples.Labels(i)))
                {
                    var sum = samples.Values(i);
                    for (var v = 0; v < sum.Length; v++)
                    {
                        sum[v] += values[v];
                    }

                    return;
                }
            }
        }

        var index = samples.Count;
        samples.Add(stack, values, labels);
        if (index >= _next.Length)
        {
            Array.Resize(ref _next, _next.Length * 2);
        }

        _next[index] = collides ? candidate : -1;
        _firstByHash[hash] = index;
    }

    private static int Hash(ReadOnlySpan<int> stack, ReadOnlySpan<Label> labels)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(stack));
        foreach (var label in labels)
        {
            hash.Add(label);
        }

        return hash.ToHashCode();
    }
}
