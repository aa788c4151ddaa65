namespace Pprof.Reports;

/// <summary>
/// One label key of <c>-tags</c>: how the reported value splits over the key's values (numeric labels in their
/// units). Amounts are in the unit of the reported sample type, with the text the report prints.
/// </summary>
/// <param name="Values">Largest first.</param>
public sealed record TagSummary(string Key, long Total, string TotalText, IReadOnlyList<TagShare> Values)
{
    /// <summary>Whether some sample carries the key as a number: its values are then amounts in a unit, which a tag filter reads as a range.</summary>
    public bool IsNumeric { get; init; }
}

/// <summary>A label value and the value of the samples that carry it; <see cref="Percent"/> is of the key's total.</summary>
public sealed record TagShare(string Value, long Amount, string AmountText, double Percent);
