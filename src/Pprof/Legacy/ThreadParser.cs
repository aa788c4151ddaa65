using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// C++'s thread dumps (<c>threadz</c>): an optional <c>--- threadz N ---</c> header, then per thread
/// <c>--- Thread HEX (name: NAME/N) stack: ---</c> and the addresses of its stack, leaf first, or
/// <c>same as previous thread</c>; a memory map ends them. Each distinct stack counts its threads.
/// </summary>
internal static partial class ThreadParser
{
    [GeneratedRegex("--- threadz [0-9]+ ---")]
    private static partial Regex DumpHeader();

    [GeneratedRegex(@"--- Thread [0-9A-Fa-f]+ \(name: .*/[0-9]+\) stack: ---")]
    private static partial Regex ThreadHeader();

    private const string NoMoreStacks = "---- no stack trace for";

    public static bool IsHeader(string line) => DumpHeader().IsMatch(line) || ThreadHeader().IsMatch(line);

    /// <param name="lines">Before the first line.</param>
    public static Profile Parse(TextLines lines)
    {
        lines.MoveToContent();
        if (DumpHeader().IsMatch(lines.Current))
        {
            // Whatever comes before the first thread is commentary.
            while (lines.MoveNext() && !MemoryMapParser.IsSentinel(lines.Current) && !lines.Current.StartsWith('-'))
            {
            }
        }
        else if (!ThreadHeader().IsMatch(lines.Current))
        {
            throw new UnrecognizedFormatException();
        }

        var type = new SampleType("thread", "count");
        var profile = new Profile([type]) { PeriodType = type, Period = 1 };
        var samples = new List<LegacySample>();
        var line = lines.Current;
        while (!MemoryMapParser.IsSentinel(line))
        {
            if (line.StartsWith(NoMoreStacks, StringComparison.Ordinal))
            {
                break;
            }

            if (!ThreadHeader().IsMatch(line))
            {
                // pprof takes a dump that does not end in a memory map for some other format.
                throw new UnrecognizedFormatException(
                    $"line {lines.Number}: {TextLines.Quote(line)} is not a thread's header '--- Thread HEX (name: NAME/N) stack: ---', "
                    + "and no memory map ('--- Memory map: ---') ends the thread dump");
            }

            var addresses = ReadStack(lines, out line);
            if (addresses is null)
            {
                if (samples.Count > 0)
                {
                    samples[^1].Values[0]++;
                }

                continue;
            }

            for (var i = 0; i < addresses.Count; i++)
            {
                addresses[i] = AddressLocations.CallSite(addresses[i], i, StackAddresses.LeafThenReturnAddresses);
            }

            LegacyStacks.DropRepeatedLeaf(addresses);
            samples.Add(new LegacySample([1], addresses));
        }

        var locations = new AddressLocations();
        locations.AddSamples(profile, samples);
        locations.Complete(profile, lines, comments: null);
        return profile;
    }

    /// <summary>
    /// Reads a thread's stack up to the next <c>---</c> line.
    /// </summary>
    /// <param name="last">That line, or the last one read when the text ends first.</param>
    /// <returns>The stack's addresses; null when the thread has the stack of the one before, or none.</returns>
    private static List<ulong>? ReadStack(TextLines lines, out string last)
    {
        var addresses = new List<ulong>();
        var sameAsPrevious = false;
        last = "";
        while (lines.MoveNext())
        {
            last = lines.Current.Trim();
            if (last.Length == 0)
            {
                continue;
            }

            if (last.StartsWith("---", StringComparison.Ordinal))
            {
                break;
            }

            if (last.Contains("same as previous thread", StringComparison.Ordinal))
            {
                sameAsPrevious = true;
                continue;
            }

            if (!HexAddresses.TryParse(last, addresses))
            {
                throw lines.Error($"thread stack line {TextLines.Quote(last)} has an address that does not fit in 64 bits");
            }
        }

        return sameAsPrevious || addresses.Count == 0 ? null : addresses;
    }
}
