using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Count profiles of <c>?debug=1</c> (<c>goroutine</c>, <c>threadcreate</c>): a header
/// <c>goroutine profile: total N</c>, then one line per stack, <c>COUNT @ 0xADDR ...</c>, until a line starting
/// with <c>---</c>.
/// </summary>
internal static partial class GoroutineCountParser
{
    [GeneratedRegex(@"^([^\t\n\f\r ]+) profile: total [0-9]+\z")]
    private static partial Regex Header();

    [GeneratedRegex(@"^([0-9]+) @((?: 0x[0-9a-f]+)+)\z")]
    private static partial Regex Sample();

    public static bool IsHeader(string line) => Header().IsMatch(line);

    /// <param name="lines">Before the first line; comments may come before the header.</param>
    public static Profile Parse(TextLines lines, bool useSymbolComments)
    {
        lines.MoveToContent();
        var header = Header().Match(lines.Current);
        if (!header.Success)
        {
            throw new UnrecognizedFormatException();
        }

        var type = new SampleType(header.Groups[1].Value, "count");
        var profile = new Profile([type]) { PeriodType = type, Period = 1 };
        var locations = new AddressLocations();
        var comments = useSymbolComments ? new SymbolComments(locations.Locations) : null;
        var addresses = new List<ulong>();
        var stack = new List<int>();
        while (lines.MoveNext())
        {
            var line = lines.Current;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                comments?.Read(trimmed.ToString());
                continue;
            }

            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                break;
            }

            var sample = Sample().Match(line);
            if (!sample.Success)
            {
                throw lines.Error($"malformed {type.Type} sample {TextLines.Quote(line)}; expected 'COUNT @ 0xADDR 0xADDR ...'");
            }

            addresses.Clear();
            if (!TryParseCount(sample.Groups[1].Value, out var count) || !HexAddresses.TryParse(sample.Groups[2].ValueSpan, addresses))
            {
                throw lines.Error($"{type.Type} sample {TextLines.Quote(line)} has a count or address that is not a 64-bit number");
            }

            stack.Clear();
            locations.AddStack(addresses, stack);
            profile.Samples.Add(CollectionsMarshal.AsSpan(stack), [count], []);
            comments?.BeginSample(CollectionsMarshal.AsSpan(stack));
        }

        locations.Complete(profile, lines, comments);
        return profile;
    }

    /// <summary>Reads the count as pprof does, with Go's literal syntax: a leading zero makes it octal.</summary>
    private static bool TryParseCount(string digits, out long count)
    {
        if (digits.Length == 1 || digits[0] != '0')
        {
            return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out count);
        }

        count = 0;
        foreach (var digit in digits.AsSpan(1))
        {
            if (digit > '7' || count > long.MaxValue >> 3)
            {
                return false;
            }

            count = (count << 3) | (long)(digit - '0');
        }

        return true;
    }
}
