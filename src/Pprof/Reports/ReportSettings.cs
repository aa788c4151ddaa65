namespace Pprof.Reports;

/// <summary>
/// What a report shows and how, resolved against one profile from the <see cref="ReportOptions"/> asked for: the
/// value's index and unit, the trimming and the labels.
/// </summary>
internal sealed class ReportSettings
{
    public bool CumSort { get; init; }
    public bool DropNegative { get; init; }
    public bool CompactLabels { get; init; }

    /// <summary>Multiplies values before printing (1 / <c>-divide_by</c>).</summary>
    public double Ratio { get; init; } = 1;

    public IReadOnlyList<string> ActiveFilters { get; init; } = [];
    public int NodeCount { get; init; }
    public double NodeFraction { get; init; }
    public double EdgeFraction { get; init; }

    public int SampleIndex { get; init; }
    public bool Mean { get; init; }
    public string SampleType { get; init; } = "";
    public string SampleUnit { get; init; } = "";

    /// <summary>Which nodes <c>peek</c> and <c>list</c> report on.</summary>
    public System.Text.RegularExpressions.Regex? Symbol { get; init; }

    /// <summary>The unit of each numeric label key, for printing label values.</summary>
    public IReadOnlyDictionary<string, string> NumLabelUnits { get; init; } = new Dictionary<string, string>();

    /// <summary>The unit to print values in: <c>minimum</c> (pprof's default), <c>auto</c>, or a unit such as <c>MB</c>.</summary>
    public string OutputUnit { get; set; } = "minimum";

    /// <summary>Where <c>list</c> looks for source files (<c>-source_path</c>), and the prefix it trims first (<c>-trim_path</c>).</summary>
    public string SourcePath { get; init; } = "";

    public string TrimPath { get; init; } = "";
}
