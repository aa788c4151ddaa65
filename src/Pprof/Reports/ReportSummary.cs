namespace Pprof.Reports;

/// <summary>
/// What a report says about its values without listing them: the lines of its legend (as <see cref="TopTable.Legend"/>),
/// the total that percentages are of, and the sample type and unit of the values.
/// </summary>
/// <param name="TotalText">The total as the report prints it, in its unit.</param>
public sealed record ReportSummary(IReadOnlyList<string> Legend, long Total, string TotalText, string SampleType, string SampleUnit);
