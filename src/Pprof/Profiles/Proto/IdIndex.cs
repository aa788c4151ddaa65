using System.Runtime.CompilerServices;

namespace Pprof.Profiles.Proto;

/// <summary>
/// Maps profile ids to list positions: a dense array when ids are small (writers number them 1..N),
/// a dictionary otherwise.
/// </summary>
internal sealed class IdIndex(int capacity)
{
    private int[] _dense = new int[Math.Max(capacity + 1, 1)];
    private Dictionary<ulong, int>? _sparse;
    private int _count;

    public void Add(ulong id, int index)
    {
        if (id == 0)
        {
            throw new ProfileFormatException("found an id of 0, which profile.proto reserves");
        }

        if (id < (ulong)_dense.Length && _sparse is null)
        {
            if (_dense[id] != 0)
            {
                throw new ProfileFormatException($"two entries share the id {id}");
            }

            _dense[id] = index + 1;
            _count++;
            return;
        }

        _sparse ??= MoveToDictionary();
        if (!_sparse.TryAdd(id, index))
        {
            throw new ProfileFormatException($"two entries share the id {id}");
        }

        _count++;
    }

    /// <summary>Whether every id from <paramref name="first"/> to <paramref name="last"/> is defined.</summary>
    public bool ContainsAll(ulong first, ulong last)
    {
        if (first == 0 || last - first >= (ulong)_count)
        {
            return false;
        }

        for (var id = first; id <= last; id++)
        {
            if (!TryGet(id, out _))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong id, out int index)
    {
        if (_sparse is not null)
        {
            return _sparse.TryGetValue(id, out index);
        }

        if (id < (ulong)_dense.Length && _dense[id] != 0)
        {
            index = _dense[id] - 1;
            return true;
        }

        index = -1;
        return false;
    }

    private Dictionary<ulong, int> MoveToDictionary()
    {
        var sparse = new Dictionary<ulong, int>();
        for (var id = 1; id < _dense.Length; id++)
        {
            if (_dense[id] != 0)
            {
                sparse[(ulong)id] = _dense[id] - 1;
            }
        }

        _dense = [];
        return sparse;
    }
}
