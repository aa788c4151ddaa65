using Pprof.Profiles;

namespace Pprof.Graphs;

/// <summary>The tags of the sample being added: its string labels joined into a group, and its byte sizes.</summary>
internal sealed class SampleTags(GraphOptions options)
{
    private readonly string _bytesUnit = options.NumLabelUnits.TryGetValue("bytes", out var unit) ? unit : "bytes";
    private readonly List<string> _strings = [];
    private readonly List<(string Name, long Value)> _numbers = [];
    private string _group = "";

    public void Read(ReadOnlySpan<Label> labels)
    {
        _strings.Clear();
        _numbers.Clear();
        foreach (var label in labels)
        {
            if (!label.IsNumeric && label.Key != Label.DiffBaseKey)
            {
                _strings.Add(label.Key + ":" + label.Str);
            }
            else if (label.IsNumeric && label.Key == "bytes")
            {
                _numbers.Add((options.FormatTag!(label.Num, _bytesUnit), label.Num));
            }
        }

        _strings.Sort(StringComparer.Ordinal);
        _group = string.Join(@"\n", _strings);
    }

    public void AddTo(Dictionary<(int, string, string, bool), Tag> tags, int node, long weight, long divisor, bool flat)
    {
        if (_group.Length != 0)
        {
            Add(Find(tags, (node, "", _group, false), "", 0), weight, divisor, flat);
        }

        foreach (var (name, value) in _numbers)
        {
            Add(Find(tags, (node, _group, name, true), _bytesUnit, value), weight, divisor, flat);
        }
    }

    private static Tag Find(Dictionary<(int, string, string, bool), Tag> tags, (int, string, string, bool) key, string unit, long value)
    {
        if (!tags.TryGetValue(key, out var tag))
        {
            tags[key] = tag = new Tag(key.Item3, unit, value);
        }

        return tag;
    }

    private static void Add(Tag tag, long weight, long divisor, bool flat)
    {
        if (flat)
        {
            tag.Flat += weight;
            tag.FlatDiv += divisor;
        }
        else
        {
            tag.Cum += weight;
            tag.CumDiv += divisor;
        }
    }
}
