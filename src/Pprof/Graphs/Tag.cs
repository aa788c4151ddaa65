namespace Pprof.Graphs;

/// <summary>A label value seen on a node's samples (a nodelet of the call graph) and the weight behind it.</summary>
internal sealed class Tag(string name, string unit, long value)
{
    public string Name { get; set; } = name;

    /// <summary>The unit of a numeric tag; empty for string tags.</summary>
    public string Unit { get; } = unit;

    public long Value { get; } = value;
    public long Flat { get; set; }
    public long FlatDiv { get; set; }
    public long Cum { get; set; }
    public long CumDiv { get; set; }

    public long FlatValue => FlatDiv == 0 ? Flat : Flat / FlatDiv;
    public long CumValue => CumDiv == 0 ? Cum : Cum / CumDiv;

    /// <summary>Heaviest first (by cum unless <paramref name="flat"/>, then by flat), then by name.</summary>
    public static List<Tag> Sort(IEnumerable<Tag> tags, bool flat)
    {
        var list = tags.ToList();
        list.Sort((a, b) =>
        {
            if (!flat && a.Cum != b.Cum)
            {
                var byCum = LongMath.Abs(b.Cum).CompareTo(LongMath.Abs(a.Cum));
                if (byCum != 0)
                {
                    return byCum;
                }
            }

            if (a.Flat != b.Flat)
            {
                var byFlat = LongMath.Abs(b.Flat).CompareTo(LongMath.Abs(a.Flat));
                if (byFlat != 0)
                {
                    return byFlat;
                }
            }

            return string.CompareOrdinal(a.Name, b.Name);
        });
        return list;
    }
}
