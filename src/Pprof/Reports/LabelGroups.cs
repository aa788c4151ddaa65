using Pprof.Profiles;

namespace Pprof.Reports;

/// <summary>The labels of a sample grouped by key, values in order, as pprof's map of key to values holds them.</summary>
internal static class LabelGroups
{
    public static List<(string Key, List<Label> Values)> ByKey(ReadOnlySpan<Label> labels, bool numeric)
    {
        var groups = new List<(string Key, List<Label> Values)>();
        foreach (var label in labels)
        {
            if (label.IsNumeric != numeric)
            {
                continue;
            }

            var index = groups.FindIndex(g => g.Key == label.Key);
            if (index < 0)
            {
                groups.Add((label.Key, [label]));
            }
            else
            {
                groups[index].Values.Add(label);
            }
        }

        return groups;
    }
}
