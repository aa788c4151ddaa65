namespace Pprof.Profiles;

/// <summary>Profile-wide label edits and the unit each numeric label key is measured in.</summary>
internal static class LabelOperations
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> on every sample, replacing earlier values.</summary>
    public static void SetLabel(Profile profile, string key, string value) =>
        profile.Samples.EditLabels((labels, output) =>
        {
            foreach (var label in labels)
            {
                if (label.Key != key || label.IsNumeric)
                {
                    output.Add(label);
                }
            }

            output.Add(Label.String(key, value));
        });

    public static void RemoveLabel(Profile profile, string key)
    {
        if (!profile.Samples.MayHaveLabel(key))
        {
            return;
        }

        profile.Samples.EditLabels((labels, output) =>
        {
            foreach (var label in labels)
            {
                if (label.Key != key || label.IsNumeric)
                {
                    output.Add(label);
                }
            }
        });
    }

    /// <summary>
    /// The unit of each numeric label key: the first unit seen, else bytes for <c>alignment</c> and <c>request</c>,
    /// else the key itself. Keys seen with conflicting units are reported in <paramref name="ignoredUnits"/>.
    /// </summary>
    public static Dictionary<string, string> NumLabelUnits(Profile profile, out Dictionary<string, SortedSet<string>> ignoredUnits)
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        ignoredUnits = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            foreach (var label in cursor.Labels)
            {
                if (!label.IsNumeric)
                {
                    continue;
                }

                keys.Add(label.Key);
                if (string.IsNullOrEmpty(label.NumUnit))
                {
                    continue;
                }

                if (!units.TryGetValue(label.Key, out var unit))
                {
                    units[label.Key] = label.NumUnit;
                }
                else if (unit != label.NumUnit)
                {
                    if (!ignoredUnits.TryGetValue(label.Key, out var ignored))
                    {
                        ignoredUnits[label.Key] = ignored = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    ignored.Add(label.NumUnit);
                }
            }
        }

        foreach (var key in keys)
        {
            if (!units.ContainsKey(key))
            {
                units[key] = key is "alignment" or "request" ? "bytes" : key;
            }
        }

        return units;
    }
}
