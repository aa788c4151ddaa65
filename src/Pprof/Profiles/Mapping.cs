namespace Pprof.Profiles;

/// <summary>A binary or module mapped into the profiled process.</summary>
public sealed class Mapping
{
    public ulong Id { get; set; }
    public ulong Start { get; set; }
    public ulong Limit { get; set; }
    public ulong Offset { get; set; }
    public string File { get; set; } = "";
    public string BuildId { get; set; } = "";
    public bool HasFunctions { get; set; }
    public bool HasFilenames { get; set; }
    public bool HasLineNumbers { get; set; }
    public bool HasInlineFrames { get; set; }

    public Mapping Clone() => (Mapping)MemberwiseClone();
}
