using System.Globalization;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The lines that name the frames of a Java profile, after its samples: <c>0xID function (File.java:line)</c>,
/// <c>0xID function (/path/to/library.so)</c>, <c>0xID generated stub/JIT</c> or <c>0xID state</c> (such as GC).
/// Frames are then known by name alone, so pprof zeroes their addresses; functions are known by name.
/// </summary>
internal static class JavaLocations
{
    private const string Stub = "generated stub/JIT";

    /// <summary>Names the locations, then hands them and their functions to <paramref name="profile"/>.</summary>
    /// <param name="lines">On the first line that may name a frame, or before it.</param>
    public static void Name(Profile profile, AddressLocations locations, TextLines lines)
    {
        var functions = new Dictionary<string, Function>(StringComparer.Ordinal);
        for (var more = lines.Number > 0 || lines.MoveNext(); more; more = lines.MoveNext())
        {
            var line = lines.Current.Trim();
            if (!TrySplit(line, out var id, out var text))
            {
                continue;
            }

            if (!ulong.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
            {
                throw lines.Error($"Java frame id 0x{id} does not fit in 64 bits");
            }

            if (locations.Find(address) is not { } location)
            {
                continue;
            }

            var (name, file, number) = Describe(text);
            if (!functions.TryGetValue(name, out var function))
            {
                function = new Function { Name = name, SystemName = name, Filename = file };
                functions[name] = function;
            }

            location.Lines = [new Line(function, number)];
            location.Address = 0;
        }

        // Frames that no line named keep their address until now, and so fall into the mapping of unknown addresses.
        locations.Complete(profile, []);
        foreach (var location in profile.Locations)
        {
            location.Address = 0;
            foreach (var line in location.Lines)
            {
                if (line.Function is { Id: 0 } function)
                {
                    function.Id = (ulong)profile.Functions.Count + 1;
                    profile.Functions.Add(function);
                }
            }
        }
    }

    /// <summary>Splits <c>0xID text</c>; false for any other line.</summary>
    private static bool TrySplit(string line, out string id, out string text)
    {
        (id, text) = ("", "");
        var digits = 2;
        while (digits < line.Length && char.IsAsciiHexDigit(line[digits]))
        {
            digits++;
        }

        var rest = digits;
        while (rest < line.Length && IsSpace(line[rest]))
        {
            rest++;
        }

        if (!line.StartsWith("0x", StringComparison.Ordinal) || digits == 2 || rest == digits)
        {
            return false;
        }

        (id, text) = (line[2..digits], line[rest..]);
        return true;
    }

    /// <summary>The function, file and line a frame's text names.</summary>
    private static (string Name, string File, long Line) Describe(string text)
    {
        if (TrySplitParenthesis(text, out var name, out var inside))
        {
            var colon = inside.LastIndexOf(':');
            if (colon > 0 && IsLineNumber(inside[(colon + 1)..]))
            {
                var number = long.TryParse(inside.AsSpan(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;
                return (name, inside[..colon], number);
            }
        }

        // Without a line, the parentheses hold a library's path; its file name is enough.
        if (TrySplitParenthesis(text, out name, out inside, anyContent: true))
        {
            return (name, BaseName(inside), 0);
        }

        return (text.Contains(Stub, StringComparison.Ordinal) ? "STUB" : text, "", 0);
    }

    /// <summary>
    /// Splits <c>name (inside)</c> at the last <c>(</c> after a space for which the rest fits: pprof's
    /// <c>^(.*)\s+\((.+):(-?\d+)\)$</c> and <c>^(.*)\s+\((.*)\)$</c>.
    /// </summary>
    private static bool TrySplitParenthesis(string text, out string name, out string inside, bool anyContent = false)
    {
        (name, inside) = ("", "");
        if (text.Length < 3 || !text.EndsWith(')'))
        {
            return false;
        }

        for (var open = text.LastIndexOf('(', text.Length - 2); open > 0; open = text.LastIndexOf('(', open - 1))
        {
            var candidate = text[(open + 1)..^1];
            var colon = candidate.LastIndexOf(':');
            if (IsSpace(text[open - 1]) && (anyContent || (colon > 0 && IsLineNumber(candidate[(colon + 1)..]))))
            {
                (name, inside) = (text[..(open - 1)], candidate);
                return true;
            }
        }

        return false;
    }

    private static bool IsLineNumber(string text)
    {
        var digits = text.StartsWith('-') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>The last element of a path, as Go's <c>filepath.Base</c> gives it.</summary>
    private static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0)
        {
            return path.Length == 0 ? "." : "/";
        }

        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    internal static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r' or '\v';
}
