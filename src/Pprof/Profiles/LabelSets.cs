namespace Pprof.Profiles;

/// <summary>Distinct label sets, each stored once and named by an id; id 0 is the empty set.</summary>
internal sealed class LabelSets
{
    private readonly List<Label[]> _sets = [[]];
    private readonly Dictionary<Label[], int> _ids = new(LabelArrayComparer.Instance) { [[]] = 0 };

    public int Count => _sets.Count;

    public ReadOnlySpan<Label> this[int id] => _sets[id];

    public int Intern(ReadOnlySpan<Label> labels)
    {
        if (labels.IsEmpty)
        {
            return 0;
        }

        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<Label>>();
        if (lookup.TryGetValue(labels, out var id))
        {
            return id;
        }

        var set = labels.ToArray();
        id = _sets.Count;
        _sets.Add(set);
        _ids[set] = id;
        return id;
    }

    public void ReplaceWith(LabelSets other)
    {
        if (ReferenceEquals(this, other))
        {
            return;
        }

        _sets.Clear();
        _sets.AddRange(other._sets);
        _ids.Clear();
        foreach (var (set, id) in other._ids)
        {
            _ids[set] = id;
        }
    }
}
