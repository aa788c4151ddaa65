namespace Pprof.Driver;

/// <summary>The report options of <c>go tool pprof</c>, with its defaults. Every field is also a flag of the same name.</summary>
internal sealed record Config
{
    public string Output { get; init; } = "";
    public bool CallTree { get; init; }
    public bool RelativePercentages { get; init; }
    public string Unit { get; init; } = "minimum";
    public bool CompactLabels { get; init; }
    public string SourcePath { get; init; } = "";
    public string TrimPath { get; init; } = "";
    public bool Mean { get; init; }
    public string SampleIndex { get; init; } = "";
    public double DivideBy { get; init; } = 1.0;
    public bool Normalize { get; init; }

    /// <summary><c>flat</c> or <c>cum</c>.</summary>
    public string Sort { get; init; } = "flat";

    public bool DropNegative { get; init; }

    /// <summary>-1 means the command's default: unlimited for text reports, 80 for graphs.</summary>
    public int NodeCount { get; init; } = -1;

    public double NodeFraction { get; init; } = 0.005;
    public double EdgeFraction { get; init; } = 0.001;
    public bool Trim { get; init; } = true;
    public string Focus { get; init; } = "";
    public string Ignore { get; init; } = "";
    public string PruneFrom { get; init; } = "";
    public string Hide { get; init; } = "";
    public string Show { get; init; } = "";
    public string ShowFrom { get; init; } = "";
    public string TagFocus { get; init; } = "";
    public string TagIgnore { get; init; } = "";
    public string TagShow { get; init; } = "";
    public string TagHide { get; init; } = "";
    public string TagRoot { get; init; } = "";
    public string TagLeaf { get; init; } = "";
    public bool NoInlines { get; init; }

    /// <summary><c>functions</c>, <c>filefunctions</c>, <c>files</c>, <c>lines</c> or <c>addresses</c>.</summary>
    public string Granularity { get; init; } = "functions";
}
