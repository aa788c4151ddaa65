using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Lock contention profiles in text: C++'s <c>--- contentionz</c> and old Go's <c>--- mutex:</c> and
/// <c>--- contention:</c>. Attribute lines (<c>cycles/second = N</c>, <c>sampling period = N</c>,
/// <c>ms since reset = N</c>) come first, then one line per stack, <c>DELAY COUNT @ 0xADDR ...</c>, with the delay in
/// cycles. Sampled values are scaled back up by the period, and delays turned into nanoseconds.
/// </summary>
internal static class ContentionParser
{
    private static readonly string[] Headers = ["--- contentionz ", "--- mutex:", "--- contention:"];

    // Not anchored, like pprof's; backtracking would take quadratic time on long runs of digits.
    private static readonly Regex Sample = new(
        "([0-9]+) *([0-9]+) @([ x0-9a-f]*)", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    public static bool IsHeader(string line) => Headers.Any(h => line.StartsWith(h, StringComparison.Ordinal));

    /// <param name="lines">Before the first line.</param>
    public static Profile Parse(TextLines lines)
    {
        lines.MoveNext();
        if (!IsHeader(lines.Current))
        {
            throw new UnrecognizedFormatException();
        }

        var profile = new Profile([new SampleType("contentions", "count"), new SampleType("delay", "nanoseconds")])
        {
            PeriodType = new SampleType("contentions", "count"),
            Period = 1,
        };
        var cyclesPerSecond = ReadAttributes(lines, profile);
        var locations = new AddressLocations();
        var addresses = new List<ulong>();
        var stack = new List<int>();
        do
        {
            var line = lines.Current.Trim();
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                break;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var values = ParseSample(lines, line, profile.Period, cyclesPerSecond, addresses);
            stack.Clear();
            locations.AddStack(addresses, stack);
            profile.Samples.Add(CollectionsMarshal.AsSpan(stack), values, []);
        }
        while (lines.MoveNext());

        locations.Complete(profile, lines, comments: null);
        return profile;
    }

    /// <summary>Reads the <c>key = value</c> lines, leaving <paramref name="lines"/> on the first line after them.</summary>
    /// <returns>The cycles per second that delays are counted in; 0 when unknown.</returns>
    private static long ReadAttributes(TextLines lines, Profile profile)
    {
        long cyclesPerSecond = 0;
        while (lines.MoveNext())
        {
            var line = lines.Current.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith("---", StringComparison.Ordinal) || equals < 0)
            {
                break;
            }

            var key = line[..equals].Trim();
            var text = line[(equals + 1)..].Trim();
            switch (key)
            {
                case "cycles/second":
                    cyclesPerSecond = Number();
                    break;
                case "sampling period":
                    profile.Period = Number();
                    break;
                case "ms since reset":
                    profile.DurationNanos = unchecked(Number() * 1_000_000);
                    break;
                case "discarded samples":
                    break;
                case "format" or "resolution":
                    // Java's contention profiles have these; let the Java parser read it.
                    throw new UnrecognizedFormatException();
                default:
                    throw new UnrecognizedFormatException($"line {lines.Number}: unknown contention profile attribute '{key}'");
            }

            long Number() => GoInteger.TryParse(text, out var value)
                ? value
                : throw new UnrecognizedFormatException($"line {lines.Number}: contention profile attribute '{key}' has a value '{text}' that is not a 64-bit integer");
        }

        return cyclesPerSecond;
    }

    /// <returns>The contentions and delay in nanoseconds, unsampled; <paramref name="addresses"/> holds the stack.</returns>
    private static long[] ParseSample(TextLines lines, string line, long period, long cyclesPerSecond, List<ulong> addresses)
    {
        var sample = Sample.Match(line);
        if (!sample.Success)
        {
            throw new UnrecognizedFormatException(
                $"line {lines.Number}: {TextLines.Quote(line)} is not a contention sample 'DELAY COUNT @ 0xADDR ...'");
        }

        if (!long.TryParse(sample.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var delay)
            || !long.TryParse(sample.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw lines.Error($"contention sample {TextLines.Quote(line)} has a value that does not fit in 64 bits");
        }

        if (period > 0)
        {
            if (cyclesPerSecond > 0)
            {
                delay = GoConversions.ToInt64(delay * (double)period / (cyclesPerSecond / 1e9));
            }

            count = unchecked(count * period);
        }

        addresses.Clear();
        if (!HexAddresses.TryParse(sample.Groups[3].ValueSpan, addresses))
        {
            throw lines.Error($"contention sample {TextLines.Quote(line)} has an address that does not fit in 64 bits");
        }

        return [count, delay];
    }
}
