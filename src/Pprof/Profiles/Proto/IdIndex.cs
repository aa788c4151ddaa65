namespace Pprof.Profiles.Proto;

/// <summary>
/// Maps profile ids to list positions: a dense array when ids are small (writers number them 1..N),
/// a dictionary otherwise.
/// </summary>
internal sealed class IdIndex(int capacity)
{
    private int[] _dense = new int[Math.Max(capacity + 1, 1)];
    private Dictionary<ulong, int>? _sparse;

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
            return;
        }

        _sparse ??= MoveToDictionary();
        if (!_sparse.TryAdd(id, index))
        {
            throw new ProfileFormatException($"two entries share the id {id}");
        }
    }

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
