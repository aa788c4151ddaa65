namespace Pprof.Leaks;

/// <summary>How samples are grouped into keys; the report prints one table each, in this order.</summary>
public enum Grouping
{
    /// <summary>The retention path from a GC root (.NET heap snapshots).</summary>
    Path,

    /// <summary>The objects' type.</summary>
    Type,

    /// <summary>The allocation site: the innermost frame of the allocation stack.</summary>
    Site,

    /// <summary>A thread's or goroutine's whole stack.</summary>
    Stack,
}

public static class GroupingNames
{
    public static IReadOnlyList<Grouping> All { get; } = Enum.GetValues<Grouping>();

    /// <summary>The word <c>-json</c>'s "by" uses.</summary>
    public static string Id(this Grouping grouping) => grouping switch
    {
        Grouping.Path => "path",
        Grouping.Type => "type",
        Grouping.Site => "site",
        _ => "stack",
    };

    /// <summary>The table's title.</summary>
    public static string Title(this Grouping grouping) => grouping switch
    {
        Grouping.Path => "by retention path",
        Grouping.Type => "by type",
        Grouping.Site => "by allocation site",
        _ => "by stack",
    };
}
