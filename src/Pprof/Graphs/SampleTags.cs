using Pprof.Profiles;

namespace Pprof.Graphs;

/// <summary>One tag a sample carries: its kind, and for a numeric tag the label's value.</summary>
internal readonly record struct SampleTag(int Kind, long Value);

/// <summary>
/// The tags of the sample being added: its string labels joined into a group, and its byte sizes. Samples share few
/// label sets, so each set's tags are worked out once per thread and looked up after.
/// </summary>
internal sealed class SampleTags(GraphOptions options, TagKinds kinds)
{
    private readonly string _bytesUnit = options.NumLabelUnits.TryGetValue("bytes", out var unit) ? unit : "bytes";
    private readonly Dictionary<Label[], SampleTag[]> _byLabels = new(LabelArrayComparer.Instance);
    private SampleTag[]?[] _bySetId = [];

    public SampleTag[] Current { get; private set; } = [];

    public void Read(ref SampleCursor cursor)
    {
        if (!cursor.HasLabelSetIds)
        {
            Current = OfLabels(cursor.Labels);
            return;
        }

        var id = cursor.LabelSetId;
        if (id >= _bySetId.Length)
        {
            Array.Resize(ref _bySetId, Math.Max(id + 1, _bySetId.Length * 2));
        }

        Current = _bySetId[id] ??= OfLabels(cursor.Labels);
    }

    private SampleTag[] OfLabels(ReadOnlySpan<Label> labels)
    {
        var lookup = _byLabels.GetAlternateLookup<ReadOnlySpan<Label>>();
        if (!lookup.TryGetValue(labels, out var tags))
        {
            lookup[labels] = tags = Create(labels);
        }

        return tags;
    }

    private SampleTag[] Create(ReadOnlySpan<Label> labels)
    {
        var strings = new List<string>();
        var numbers = new List<(string Name, long Value)>();
        foreach (var label in labels)
        {
            if (!label.IsNumeric && label.Key != Label.DiffBaseKey)
            {
                strings.Add(label.Key + ":" + label.Str);
            }
            else if (label.IsNumeric && label.Key == "bytes")
            {
                numbers.Add((options.FormatTag!(label.Num, _bytesUnit), label.Num));
            }
        }

        strings.Sort(StringComparer.Ordinal);
        var group = string.Join(@"\n", strings);
        var tags = new List<SampleTag>(numbers.Count + 1);
        if (group.Length != 0)
        {
            tags.Add(new SampleTag(kinds.Id(new TagKind("", group, false, "")), 0));
        }

        foreach (var (name, value) in numbers)
        {
            tags.Add(new SampleTag(kinds.Id(new TagKind(group, name, true, _bytesUnit)), value));
        }

        return [.. tags];
    }
}
