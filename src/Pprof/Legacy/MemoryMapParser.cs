using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The memory map section that may close a legacy profile (after <c>--- Memory map: ---</c> or
/// <c>MAPPED_LIBRARIES:</c>): lines of <c>/proc/self/maps</c> or the brief <c>start-end file (@offset) buildid</c>
/// form, with <c>attr=value</c> lines defining <c>$attr</c> for the lines after them. Unrecognised lines are skipped.
/// </summary>
internal static class MemoryMapParser
{
    private const string Space = @"[\t\n\f\r ]";
    private const string NonSpace = @"[^\t\n\f\r ]";
    private const string Hex = "[0-9A-Fa-f]";
    private const string HexRange = "^" + Space + "*(?:0x)?(" + Hex + "+)[\t\n\f\r -]?" + Space + "*(?:0x)?(" + Hex + "+):?";
    private const string Permissions = "(?:" + Space + "+([-rwxp]+))?";
    private const string SpaceHex = "(?:" + Space + "+(" + Hex + "+))?";
    private const string SpaceString = "(?:" + Space + "+(" + NonSpace + "+))?";

    // Backtracking would take quadratic time on long runs of hex digits; these engines find the same groups.
    private static readonly Regex ProcMaps = new(
        HexRange + Permissions + SpaceHex + Space + "+" + Hex + "+:" + Hex + "+" + Space + "+[0-9]+" + SpaceString,
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex BriefMaps = new(
        HexRange + Permissions + SpaceString + "(?:" + Space + @"+\(@(" + Hex + @"+)\))?" + SpaceHex,
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex LogPrefix = new(
        @"^[^\[\]]+:[0-9]+\]" + Space, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly string[] Sentinels = ["--- Memory map: ---", "MAPPED_LIBRARIES:"];

    public static bool IsSentinel(string line) => Sentinels.Any(s => line.Contains(s, StringComparison.Ordinal));

    /// <summary>
    /// The mappings of the section that starts at or after the current line (the one that ended the samples);
    /// none when there is no such section.
    /// </summary>
    public static List<Mapping> Read(TextLines lines)
    {
        while (!IsSentinel(lines.Current))
        {
            if (!lines.MoveNext())
            {
                return [];
            }
        }

        return ReadEntries(lines);
    }

    /// <summary>The mappings of the lines after the current one, which are all memory map.</summary>
    public static List<Mapping> ReadEntries(TextLines lines)
    {
        var mappings = new List<Mapping>();
        var variables = new List<(string Name, string Value)>();
        while (lines.MoveNext())
        {
            var line = Substitute(WithoutLogPrefix(lines.Current), variables);
            if (!TryParseEntry(line, out var mapping))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    variables.Add(("$" + line[..equals].Trim(), line[(equals + 1)..].Trim()));
                }
            }
            else if (mapping is not null)
            {
                mappings.Add(mapping);
            }
        }

        return mappings;
    }

    /// <summary>False when the line is not a mapping; true with null for a mapping that is not executable.</summary>
    private static bool TryParseEntry(string line, out Mapping? mapping)
    {
        mapping = null;
        string start, end, permissions, file, offset, buildId = "";
        if (ProcMaps.Match(line) is { Success: true } proc)
        {
            (start, end, permissions, offset, file) = (proc.Groups[1].Value, proc.Groups[2].Value, proc.Groups[3].Value,
                proc.Groups[4].Value, proc.Groups[5].Value);
        }
        else if (BriefMaps.Match(line) is { Success: true } brief)
        {
            (start, end, permissions, file, offset, buildId) = (brief.Groups[1].Value, brief.Groups[2].Value,
                brief.Groups[3].Value, brief.Groups[4].Value, brief.Groups[5].Value, brief.Groups[6].Value);
        }
        else
        {
            return false;
        }

        if (permissions.Length != 0 && !permissions.Contains('x', StringComparison.Ordinal))
        {
            return true;
        }

        ulong offsetValue = 0;
        if (!TryParseHex(start, out var startValue) || !TryParseHex(end, out var limitValue)
            || (offset.Length != 0 && !TryParseHex(offset, out offsetValue)))
        {
            return false;
        }

        mapping = new Mapping { Start = startValue, Limit = limitValue, Offset = offsetValue, File = file, BuildId = buildId };
        return true;
    }

    private static bool TryParseHex(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static string WithoutLogPrefix(string line) => LogPrefix.Match(line) is { Success: true } match ? line[match.Length..] : line;

    /// <summary>Replaces <c>$name</c> references left to right; at one position the earliest definition wins.</summary>
    private static string Substitute(string line, List<(string Name, string Value)> variables)
    {
        if (variables.Count == 0)
        {
            return line;
        }

        var result = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            var replaced = false;
            foreach (var (name, value) in variables)
            {
                if (line.AsSpan(i).StartsWith(name, StringComparison.Ordinal))
                {
                    result.Append(value);
                    i += name.Length;
                    replaced = true;
                    break;
                }
            }

            if (!replaced)
            {
                result.Append(line[i++]);
            }
        }

        return result.ToString();
    }
}
