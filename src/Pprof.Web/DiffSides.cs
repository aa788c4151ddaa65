using Pprof.Profiles;

namespace Pprof.Web;

/// <summary>
/// What decides whether a <c>-diff_base</c> comparison's tree stands for each side's own tree beyond its frames: a
/// side with negative values of its own (merging the comparison summed a side's samples of one stack, which can cancel
/// out), and the units of numeric labels, which tag filters read their ranges in (a report takes a key's first unit).
/// One pass over each side's samples, once.
/// </summary>
internal sealed class DiffSides
{
    private DiffSides(bool negativeValues, bool labelUnitsAgree) => (NegativeValues, LabelUnitsAgree) = (negativeValues, labelUnitsAgree);

    /// <summary>A side has a sample of a negative value.</summary>
    public bool NegativeValues { get; }

    /// <summary>
    /// Each numeric label key has one unit at most in each side, the same in both where both have it: the comparison's
    /// report reads a tag filter's range in the unit each side's own does.
    /// </summary>
    public bool LabelUnitsAgree { get; }

    public static DiffSides Of(ProfileComparison comparison)
    {
        Side? before = null, after = null;
        Parallel.Invoke(() => before = Side.Of(comparison.Base), () => after = Side.Of(comparison.New));
        var agree = !before!.SeveralUnits && !after!.SeveralUnits
            && before.Units.All(key => !after.Units.TryGetValue(key.Key, out var unit) || unit == key.Value);
        return new DiffSides(before.Negative || after!.Negative, agree);
    }

    /// <summary>
    /// Whether <paramref name="filter"/> can read the label that marks the base's samples in the comparison: a filter of
    /// string labels without a key matches every label's <c>key:value</c>; a numeric range never reads a string label.
    /// </summary>
    public static bool MayReadBaseLabel(LabelFilter? filter)
    {
        if (filter is null)
        {
            return false;
        }

        var equals = filter.Expression.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 ? !filter.IsRange : filter.Expression[..equals] == Label.DiffBaseKey;
    }

    /// <param name="Units">By numeric label key, its unit ("" for none given).</param>
    private sealed record Side(bool Negative, Dictionary<string, string> Units, bool SeveralUnits)
    {
        public static Side Of(Profile profile)
        {
            var (negative, several) = (false, false);
            var units = new Dictionary<string, string>(StringComparer.Ordinal);
            var cursor = profile.Samples.GetCursor();
            while (cursor.MoveNext())
            {
                negative |= cursor.Values.ContainsAnyInRange(long.MinValue, -1);
                foreach (var label in cursor.Labels)
                {
                    if (!label.IsNumeric)
                    {
                        continue;
                    }

                    var unit = label.NumUnit ?? "";
                    if (!units.TryGetValue(label.Key, out var seen) || seen.Length == 0)
                    {
                        units[label.Key] = unit;
                    }
                    else
                    {
                        several |= unit.Length != 0 && unit != seen;
                    }
                }
            }

            return new Side(negative, units, several);
        }
    }
}
