using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// Java's heap and contention profiles: <c>--- heapz 1 ---</c> or <c>--- contentionz 1 ---</c>, attribute lines
/// (<c>format = java</c>, <c>resolution = UNIT</c>, and for contention <c>sampling period = N</c> and
/// <c>ms since reset = N</c>), samples <c>VALUE COUNT @ 0xID ...</c> (bytes or delay first), then the lines that
/// name the frames. Heap samples are unsampled at Java's 512 KiB rate; contention samples are scaled by the period.
/// </summary>
internal static class JavaProfileParser
{
    private const long HeapSamplingRate = 512 * 1024;

    // Not anchored, like pprof's; backtracking would take quadratic time on long runs of digits.
    private static readonly Regex Sample = new(
        " *([0-9]+) +([0-9]+) +@ +([ x0-9a-f]*)", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly Regex Attribute = new(
        "([0-9A-Za-z_ ]+)=([0-9A-Za-z_ ]+)", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private enum Kind
    {
        Heap,
        Contention,
    }

    public static bool IsHeader(string line) => KindOf(line) is not null;

    /// <param name="lines">Before the first line.</param>
    public static Profile Parse(TextLines lines)
    {
        lines.MoveNext();
        if (!lines.EndedWithNewline || KindOf(lines.Current) is not { } kind)
        {
            throw new UnrecognizedFormatException();
        }

        var header = ReadHeader(lines, kind);
        var profile = new Profile(header.SampleTypes)
        {
            PeriodType = header.PeriodType,
            Period = header.Period,
            DurationNanos = header.DurationNanos,
        };
        var locations = new AddressLocations();
        var addresses = new List<ulong>();
        var stack = new List<int>();

        // Like the attributes, samples are only read from lines that end with a newline.
        do
        {
            var line = lines.Current.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var sample = Sample.Match(line);
            if (!lines.EndedWithNewline || !sample.Success)
            {
                break;
            }

            addresses.Clear();
            if (!HexAddresses.TryParse(sample.Groups[3].ValueSpan, addresses))
            {
                throw lines.Error($"Java sample {TextLines.Quote(line)} has an address that does not fit in 64 bits");
            }

            stack.Clear();
            locations.AddStack(addresses, stack, StackAddresses.Exact);
            var (values, labels) = Values(lines, line, sample, kind, profile.Period);
            profile.Samples.Add(CollectionsMarshal.AsSpan(stack), values, labels);
        }
        while (lines.MoveNext());

        JavaLocations.Name(profile, locations, lines);
        return profile;
    }

    /// <summary>
    /// Reads the attribute lines after the header, leaving <paramref name="lines"/> on the first other line. Only lines
    /// that end with a newline count, as in pprof.
    /// </summary>
    private static JavaHeader ReadHeader(TextLines lines, Kind kind)
    {
        var header = new JavaHeader();
        while (lines.MoveNext() && lines.EndedWithNewline)
        {
            var line = lines.Current.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var attribute = Attribute.Match(line);
            if (!attribute.Success)
            {
                break;
            }

            var key = attribute.Groups[1].Value.Trim();
            var value = attribute.Groups[2].Value.Trim();
            switch (kind, key)
            {
                case (_, "format"):
                    if (value != "java")
                    {
                        throw new UnrecognizedFormatException($"line {lines.Number}: a Java profile's format is '{value}', not 'java'");
                    }

                    break;
                case (Kind.Heap, "resolution"):
                    header.SampleTypes = [new("inuse_objects", "count"), new("inuse_space", value)];
                    break;
                case (Kind.Contention, "resolution"):
                    header.SampleTypes = [new("contentions", "count"), new("delay", value)];
                    break;
                case (Kind.Contention, "sampling period"):
                    header.PeriodType = new SampleType("contentions", "count");
                    header.Period = Number();
                    break;
                case (Kind.Contention, "ms since reset"):
                    header.DurationNanos = unchecked(Number() * 1_000_000);
                    break;
                default:
                    throw new UnrecognizedFormatException($"line {lines.Number}: unknown Java profile attribute '{key}'");
            }

            long Number() => GoInteger.TryParse(value, out var number)
                ? number
                : throw lines.Error($"Java profile attribute '{key}' has a value '{value}' that is not a 64-bit integer");
        }

        if (header.SampleTypes.Length == 0)
        {
            throw lines.Error("the Java profile has no 'resolution' attribute, which gives its values' units");
        }

        return header;
    }

    private sealed class JavaHeader
    {
        public SampleType[] SampleTypes { get; set; } = [];

        // Only a contention profile's sampling period gives it one.
        public SampleType PeriodType { get; set; } = new("", "");

        public long Period { get; set; }

        public long DurationNanos { get; set; }
    }

    private static Kind? KindOf(string line) => line.Trim() switch
    {
        "--- heapz 1 ---" => Kind.Heap,
        "--- contentionz 1 ---" => Kind.Contention,
        _ => null,
    };

    private static (long[] Values, Label[] Labels) Values(TextLines lines, string line, Match sample, Kind kind, long period)
    {
        // The count comes second.
        if (!GoInteger.TryParse(sample.Groups[2].ValueSpan, out var count) || !GoInteger.TryParse(sample.Groups[1].ValueSpan, out var value))
        {
            throw lines.Error($"Java sample {TextLines.Quote(line)} has a value that is not a 64-bit integer");
        }

        if (kind == Kind.Contention)
        {
            return period == 0 ? ([count, value], []) : ([unchecked(count * period), unchecked(value * period)], []);
        }

        if (count == 0)
        {
            throw lines.Error($"Java heap sample {TextLines.Quote(line)} has a count of 0");
        }

        var blockSize = value / count;
        var (objects, bytes) = HeapSampling.Unsample(count, value, HeapSamplingRate);
        return ([objects, bytes], [Label.Number("bytes", blockSize)]);
    }
}
