using System.Globalization;
using System.Text.RegularExpressions;

namespace Pprof.Leaks;

/// <summary>
/// Memory figures a live series writes into each profile's comments (<c>dotnet-pprof leaks: rss 83886080 bytes</c>),
/// so that the analysis re-run on the files still has them.
/// </summary>
public static partial class MemoryComment
{
    public const string Rss = "rss";

    public static string Format(string name, long bytes) => $"dotnet-pprof leaks: {name} {bytes.ToString(CultureInfo.InvariantCulture)} bytes";

    public static bool TryParse(string comment, out string name, out long bytes)
    {
        var match = Pattern().Match(comment);
        name = match.Success ? match.Groups[1].Value : "";
        bytes = match.Success ? long.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    [GeneratedRegex("^dotnet-pprof leaks: ([a-z_]+) ([0-9]+) bytes$")]
    private static partial Regex Pattern();
}
