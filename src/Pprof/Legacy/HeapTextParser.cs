using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// The heap profile of <c>/debug/pprof/heap?debug=1</c>: a header
/// <c>heap profile: I: IB [A: AB] @ heap/RATE</c>, then one line per stack,
/// <c>inuse_count: inuse_bytes [alloc_count: alloc_bytes] @ 0xADDR ...</c>. Counts are of sampled allocations
/// and are scaled up to estimate all of them, as pprof does.
/// </summary>
internal static partial class HeapTextParser
{
    private const string HeaderForm = "heap profile: I: IB [A: AB] @ heap/RATE";
    private const string SampleForm = "INUSE_COUNT: INUSE_BYTES [ALLOC_COUNT: ALLOC_BYTES] @ 0xADDR ...";

    // Not anchored, like pprof's.
    [GeneratedRegex(@"heap profile: *([0-9]+): *([0-9]+) *\[ *([0-9]+): *([0-9]+) *\] *@ *(heap[_a-z0-9]*)/?([0-9]*)")]
    private static partial Regex Header();

    [GeneratedRegex(@"heap profile: *([0-9]+): *([0-9]+) *\[ *([0-9]+): *([0-9]+) *\] @ (?:growthz?|fragmentationz?)")]
    private static partial Regex UnsampledHeader();

    // Not anchored, like pprof's; backtracking would take quadratic time on long runs of digits.
    private static readonly Regex Sample = new(
        @"(-?[0-9]+): *(-?[0-9]+) *\[ *([0-9]+): *([0-9]+) *\] @([ x0-9a-f]*)",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static bool IsHeader(string line) => line.Contains("heap profile:", StringComparison.Ordinal);

    /// <param name="lines">Before the first line.</param>
    public static Profile Parse(TextLines lines, bool useSymbolComments)
    {
        lines.MoveNext();
        var (rate, scaled, hasAlloc) = ParseHeader(lines);
        SampleType[] types = hasAlloc
            ? [new("alloc_objects", "count"), new("alloc_space", "bytes"), new("inuse_objects", "count"), new("inuse_space", "bytes")]
            : [new("objects", "count"), new("space", "bytes")];
        var profile = new Profile(types)
        {
            PeriodType = new SampleType("space", "bytes"),
            Period = rate,
        };
        var locations = new AddressLocations();
        var comments = useSymbolComments ? new SymbolComments(locations.Locations) : null;
        var addresses = new List<ulong>();
        var stack = new List<int>();
        var values = new long[types.Length];
        while (lines.MoveNext())
        {
            var line = lines.Current.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                comments?.Read(line);
                continue;
            }

            if (MemoryMapParser.IsSentinel(line))
            {
                break;
            }

            var blockSize = ParseSample(lines, line, scaled ? rate : null, hasAlloc, values, addresses);
            stack.Clear();
            locations.AddStack(addresses, stack);
            profile.Samples.Add(CollectionsMarshal.AsSpan(stack), values, [Label.Number("bytes", blockSize)]);
            comments?.BeginSample(CollectionsMarshal.AsSpan(stack));
        }

        locations.Complete(profile, lines, comments);
        return profile;
    }

    /// <returns>The sampling rate, whether counts must be scaled by it, and whether allocations are reported apart.</returns>
    private static (long Rate, bool Scaled, bool HasAlloc) ParseHeader(TextLines lines)
    {
        var line = lines.Current;
        var header = Header().Match(line);
        if (!header.Success)
        {
            return UnsampledHeader().IsMatch(line)
                ? (1, false, false)
                : throw new UnrecognizedFormatException(IsHeader(line)
                    ? $"line 1: malformed heap profile header {TextLines.Quote(line)}; expected '{HeaderForm}'"
                    : null);
        }

        long rate = 0;
        var rateText = header.Groups[6].ValueSpan;
        if (rateText.Length > 0 && !long.TryParse(rateText, NumberStyles.None, CultureInfo.InvariantCulture, out rate))
        {
            throw new UnrecognizedFormatException($"line 1: heap profile sampling rate {header.Groups[6].Value} is out of range");
        }

        // Only the text matters: a header whose allocation figures repeat the in-use ones has no allocation data.
        var hasAlloc = (header.Groups[3].Value != header.Groups[1].Value && header.Groups[3].Value != "0")
            || (header.Groups[4].Value != header.Groups[2].Value && header.Groups[4].Value != "0");
        return header.Groups[5].Value switch
        {
            "heapz_v2" or "heap_v2" => (rate, true, hasAlloc),
            "heapprofile" => (1, false, hasAlloc),

            // Go writes twice its MemProfileRate there.
            "heap" => (rate / 2, true, hasAlloc),
            var kind => throw new UnrecognizedFormatException($"line 1: unknown heap profile kind '{kind}' in the header"),
        };
    }

    /// <summary>Fills <paramref name="values"/> and <paramref name="addresses"/> from a sample line.</summary>
    /// <returns>The average size of the sampled blocks, before scaling.</returns>
    private static long ParseSample(
        TextLines lines, string line, long? samplingRate, bool hasAlloc, long[] values, List<ulong> addresses)
    {
        var sample = Sample.Match(line);
        if (!sample.Success)
        {
            throw lines.Error($"malformed heap sample {TextLines.Quote(line)}; expected '{SampleForm}'");
        }

        long blockSize = 0;
        var next = 0;
        if (hasAlloc)
        {
            AddValues(sample.Groups[3], sample.Groups[4], "allocation");
        }

        AddValues(sample.Groups[1], sample.Groups[2], "inuse");
        addresses.Clear();
        if (!HexAddresses.TryParse(sample.Groups[5].ValueSpan, addresses))
        {
            throw lines.Error($"heap sample {TextLines.Quote(line)} has an address that does not fit in 64 bits");
        }

        return blockSize;

        void AddValues(Group countText, Group sizeText, string what)
        {
            var count = ParseNumber(countText, what + " count");
            var size = ParseNumber(sizeText, what + " bytes");
            if (count == 0 && size != 0)
            {
                throw lines.Error($"{what} count was 0 but {what} bytes was {size}");
            }

            if (count != 0)
            {
                // long.MinValue / -1 overflows; Go wraps it around.
                blockSize = count == -1 ? unchecked(-size) : size / count;
                if (samplingRate is { } rate)
                {
                    (count, size) = HeapSampling.Unsample(count, size, rate);
                }
            }

            values[next++] = count;
            values[next++] = size;
        }

        long ParseNumber(Group text, string what) =>
            long.TryParse(text.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw lines.Error($"{what} {text.Value} is out of range in {TextLines.Quote(line)}");
    }
}
