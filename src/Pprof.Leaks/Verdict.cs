namespace Pprof.Leaks;

/// <summary>What a key's series does, most alarming first (the order rows are ranked in).</summary>
public enum Verdict
{
    /// <summary>Grows steadily over the whole series and still over its second half, by a size that matters.</summary>
    Leak,

    /// <summary>A significant upward trend that is not (or cannot yet be called) a leak.</summary>
    Growing,

    /// <summary>Grew early and is flat late: a cache filling up, a warm-up.</summary>
    Plateau,

    /// <summary>One jump between two flat stretches: a one-time load.</summary>
    Step,

    /// <summary>No upward trend.</summary>
    Flat,
}
