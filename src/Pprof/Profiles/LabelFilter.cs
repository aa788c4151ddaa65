using System.Globalization;

namespace Pprof.Profiles;

/// <summary>
/// Selects samples by their labels, as <c>-tagfocus</c> and <c>-tagignore</c> do: <c>[key=]value</c>, where value is
/// either a numeric range (<c>32kb</c>, <c>:64kb</c>, <c>4mb:</c>, <c>12kb:64mb</c>) or comma-separated regular
/// expressions matched against string labels (<c>key:value</c> when no key is given).
/// </summary>
public sealed class LabelFilter
{
    private LabelFilter(string expression, bool isRange)
    {
        Expression = expression;
        IsRange = isRange;
    }

    /// <summary>The filter in pprof's syntax, as <c>-tagfocus</c> takes it.</summary>
    public string Expression { get; }

    /// <summary>The value was read as a numeric range rather than as regular expressions.</summary>
    public bool IsRange { get; }

    /// <exception cref="ArgumentException">A regular expression of <paramref name="expression"/> is not valid.</exception>
    public static LabelFilter Parse(string expression)
    {
        ArgumentException.ThrowIfNullOrEmpty(expression);
        TagFilter.Compile(expression, new Dictionary<string, string>(), out var isRange);
        return new LabelFilter(expression, isRange);
    }

    /// <summary>
    /// Samples with a numeric label <paramref name="key"/> between <paramref name="from"/> and <paramref name="to"/>
    /// (either may be open), both in <paramref name="unit"/> (such as <c>kb</c> or <c>ms</c>; empty for the label's own).
    /// </summary>
    public static LabelFilter Range(string key, long? from, long? to, string unit = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (from is null && to is null)
        {
            throw new ArgumentException("a range needs at least one end", nameof(to));
        }

        string End(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) + unit : "";
        return Parse(from == to ? $"{key}={End(from)}" : $"{key}={End(from)}:{End(to)}");
    }

    /// <summary>The test for one sample's labels, with numeric labels read in their units.</summary>
    internal LabelPredicate Compile(IReadOnlyDictionary<string, string> numLabelUnits) => TagFilter.Compile(Expression, numLabelUnits, out _);

    public override string ToString() => Expression;
}
