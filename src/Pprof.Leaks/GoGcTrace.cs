using System.Globalization;
using System.Text.RegularExpressions;

namespace Pprof.Leaks;

/// <summary>
/// A Go program's <c>GODEBUG=gctrace=1</c> lines (its standard error, other lines among them): the heap at each
/// collection, and what the scavenger says it returned to the OS (<c>scavtrace=1</c>'s <c>scav</c> lines of Go 1.14+,
/// the <c>scvg</c> lines gctrace printed before).
/// </summary>
public sealed partial record GoGcTrace(string Source, IReadOnlyList<GoCollection> Collections, IReadOnlyList<GoScavenge> Scavenges)
{
    private const long MiB = 1 << 20;
    private const long KiB = 1 << 10;

    /// <summary>
    /// The gc lines name stacks and globals (Go 1.18 and later): the runtime returns memory with MADV_DONTNEED, so
    /// RSS drops as soon as pages are returned.
    /// </summary>
    public bool IsGo118OrLater => Collections.Count > 0 && Collections.All(c => c.NamesStacks);

    public static GoGcTrace Read(string file)
    {
        try
        {
            return Parse(File.ReadLines(file), file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new LeakInputException($"{file}: {error.Message}", error);
        }
    }

    public static GoGcTrace Parse(IEnumerable<string> lines, string source)
    {
        var collections = new List<GoCollection>();
        var scavenges = new List<GoScavenge>();
        foreach (var line in lines)
        {
            if (Collection().Match(line) is { Success: true } gc)
            {
                collections.Add(new GoCollection(
                    int.Parse(gc.Groups["n"].ValueSpan, CultureInfo.InvariantCulture),
                    double.Parse(gc.Groups["at"].ValueSpan, CultureInfo.InvariantCulture),
                    Mebibytes(gc, "start"), Mebibytes(gc, "end"), Mebibytes(gc, "live"), Mebibytes(gc, "goal"),
                    gc.Groups["stacks"].Success, line.TrimEnd().EndsWith("(forced)", StringComparison.Ordinal)));
            }
            else if (Scavenge().Match(line) is { Success: true } scav)
            {
                scavenges.Add(new GoScavenge(
                    long.Parse(scav.Groups["total"].ValueSpan, CultureInfo.InvariantCulture) * KiB,
                    double.Parse(scav.Groups["util"].ValueSpan, CultureInfo.InvariantCulture), null));
            }
            else if (OldScavenge().Match(line) is { Success: true } scvg)
            {
                var idle = Mebibytes(scvg, "idle");
                var released = Mebibytes(scvg, "released");
                scavenges.Add(new GoScavenge(released, null, idle - released));
            }
        }

        if (collections.Count == 0)
        {
            throw new LeakInputException($"{source}: no gctrace lines (gc N @Ts ...: ... MB goal): give the standard error of the Go program run with GODEBUG=gctrace=1");
        }

        return new GoGcTrace(source, collections, scavenges);
    }

    private static long Mebibytes(Match match, string group) => long.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture) * MiB;

    [GeneratedRegex(@"\bgc (?<n>\d+) @(?<at>[0-9.]+)s \d+%: .*?, (?<start>\d+)->(?<end>\d+)->(?<live>\d+) MB, (?<goal>\d+) MB goal(?<stacks>, \d+ MB stacks)?")]
    private static partial Regex Collection();

    [GeneratedRegex(@"\bscav (?:\d+ )?\d+ KiB work, (?<total>\d+) KiB total, (?<util>\d+)% util")]
    private static partial Regex Scavenge();

    [GeneratedRegex(@"\bscvg\d*: inuse: \d+, idle: (?<idle>\d+), sys: \d+, released: (?<released>\d+), consumed: \d+ \(MB\)")]
    private static partial Regex OldScavenge();
}

/// <summary>One gctrace <c>gc</c> line, in bytes (gctrace prints whole MB).</summary>
/// <param name="Seconds">Since the program started.</param>
/// <param name="HeapStart">The heap when the collection started.</param>
/// <param name="HeapEnd">The heap when it ended.</param>
/// <param name="Live">The heap it marked live.</param>
/// <param name="Goal">The heap size at which the next collection starts.</param>
/// <param name="NamesStacks">The line has Go 1.18's "MB stacks, MB globals".</param>
public readonly record struct GoCollection(int Number, double Seconds, long HeapStart, long HeapEnd, long Live, long Goal, bool NamesStacks, bool Forced);

/// <summary>One scavenger line: what the runtime has returned to the OS in all, and what it keeps.</summary>
/// <param name="UtilPercent">Go 1.14+: the share of the heap memory the runtime retains that is in use.</param>
/// <param name="IdleUnreleased">Before Go 1.14: idle heap not returned to the OS (idle − released).</param>
public readonly record struct GoScavenge(long Released, double? UtilPercent, long? IdleUnreleased);
