using System.Globalization;
using System.Text.RegularExpressions;
using Pprof.Measurement;

namespace Pprof.Profiles;

/// <summary>Tests the labels of one sample.</summary>
internal delegate bool LabelPredicate(ReadOnlySpan<Label> labels);

/// <summary>
/// <c>-tagfocus</c> and <c>-tagignore</c> expressions: <c>[key=]value</c>, where value is either a numeric range
/// (<c>32kb</c>, <c>:64kb</c>, <c>4mb:</c>, <c>12kb:64mb</c>) or comma-separated regular expressions.
/// </summary>
internal static partial class TagFilter
{
    [GeneratedRegex("([+-]?[0-9]+)([a-zA-Z]+)?")]
    private static partial Regex RangePart();

    /// <summary>Compiles an expression; <paramref name="isRange"/> tells whether it was read as a numeric range.</summary>
    public static LabelPredicate Compile(string expression, IReadOnlyDictionary<string, string> numLabelUnits, out bool isRange)
    {
        var key = "";
        var value = expression;
        var equals = expression.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            key = expression[..equals];
            value = expression[(equals + 1)..];
        }

        if (ParseRange(value) is { } inRange)
        {
            isRange = true;
            string UnitOf(string k) => numLabelUnits.TryGetValue(k, out var unit) ? unit : k;
            return labels =>
            {
                foreach (var label in labels)
                {
                    if (label.IsNumeric && (key.Length == 0 || label.Key == key) && inRange(label.Num, UnitOf(label.Key)))
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        isRange = false;
        var regexes = value.Split(',').Select(r => new Regex(r, RegexOptions.CultureInvariant)).ToArray();
        if (key.Length == 0)
        {
            // Every expression must match some "key:value" of the sample.
            return labels =>
            {
                foreach (var regex in regexes)
                {
                    var any = false;
                    foreach (var label in labels)
                    {
                        if (!label.IsNumeric && regex.IsMatch(label.Key + ":" + label.Str))
                        {
                            any = true;
                            break;
                        }
                    }

                    if (!any)
                    {
                        return false;
                    }
                }

                return true;
            };
        }

        return labels =>
        {
            foreach (var label in labels)
            {
                if (!label.IsNumeric && label.Key == key && regexes.Any(r => r.IsMatch(label.Str!)))
                {
                    return true;
                }
            }

            return false;
        };
    }

    /// <summary>Keeps samples that <paramref name="focus"/> accepts and <paramref name="ignore"/> does not.</summary>
    public static (bool Focused, bool Ignored) FilterSamples(Profile profile, LabelPredicate? focus, LabelPredicate? ignore)
    {
        bool anyFocused = false, anyIgnored = false;
        profile.Samples.Keep((ref SampleCursor sample) =>
        {
            var labels = sample.Labels;
            var focused = focus is null || focus(labels);
            var ignored = ignore is not null && ignore(labels);
            anyFocused |= focused;
            anyIgnored |= ignored;
            return focused && !ignored;
        });
        return (anyFocused, anyIgnored);
    }

    /// <summary><c>-tagshow</c> / <c>-taghide</c>: keeps or removes label keys, never samples.</summary>
    public static (bool Shown, bool Hidden) FilterLabelKeys(Profile profile, Regex? show, Regex? hide)
    {
        bool shown = false, hidden = false;
        profile.Samples.EditLabels((labels, output) =>
        {
            foreach (var label in labels)
            {
                var matchShow = show is null || show.IsMatch(label.Key);
                var matchHide = hide is not null && hide.IsMatch(label.Key);
                shown |= matchShow;
                hidden |= matchHide;
                if (matchShow && !matchHide)
                {
                    output.Add(label);
                }
            }
        });
        return (shown, hidden);
    }

    private static Func<long, string, bool>? ParseRange(string filter)
    {
        var parts = RangePart().Matches(filter);
        if (parts.Count == 0)
        {
            return null;
        }

        var first = parts[0];
        if (!long.TryParse(first.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v1))
        {
            return null;
        }

        var (low, unit) = Units.Scale(v1, first.Groups[2].Value, first.Groups[2].Value);
        bool Accept(long v, string u, Func<double, bool> test)
        {
            var (scaled, scaledUnit) = Units.Scale(v, u, unit);
            return scaledUnit == unit && test(scaled);
        }

        if (parts.Count == 1)
        {
            var match = first.Value;
            if (filter == match)
            {
                return (v, u) => Accept(v, u, s => s == low);
            }

            if (filter == match + ":")
            {
                return (v, u) => Accept(v, u, s => s >= low);
            }

            if (filter == ":" + match)
            {
                return (v, u) => Accept(v, u, s => s <= low);
            }

            return null;
        }

        var second = parts[1];
        if (filter != first.Value + ":" + second.Value
            || !long.TryParse(second.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v2))
        {
            return null;
        }

        var (high, unit2) = Units.Scale(v2, second.Groups[2].Value, unit);
        return unit != unit2 ? null : (v, u) => Accept(v, u, s => s >= low && s <= high);
    }
}
