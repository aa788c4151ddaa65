using System.Runtime.InteropServices;
using Pprof.Profiles;

namespace Pprof.Legacy;

/// <summary>
/// gperftools' binary CPU profile, written by C++ programs, Go before 1.9 and Java agents, in the word size and byte
/// order of the machine: a header <c>0, 3, 0 (C++) or 1 (Java), period in µs, 0</c>; then samples
/// <c>count, depth, address...</c> (leaf first) up to the marker <c>0, 1, 0</c>; then text: the memory map of a C++
/// program, or the lines naming a Java program's frames.
/// </summary>
internal static class BinaryCpuParser
{
    private const ulong Version = 3;

    // pprof strips up to two frames that nearly every sample has just below its leaf: the signal handler's.
    private const int SignalFramesStripped = 2;

    // One sample in this many may lack such a frame.
    private const int SamplesPerException = 32;

    public static bool HasHeader(ReadOnlySpan<byte> data) => TryReadHeader(data, out _, out _, out _);

    /// <returns>Null when <paramref name="data"/> does not start with the header in any word size and byte order.</returns>
    public static Profile? TryParse(ReadOnlySpan<byte> data)
    {
        if (!TryReadHeader(data, out var words, out var isJava, out var period))
        {
            return null;
        }

        var profile = new Profile([new SampleType("samples", "count"), new SampleType("cpu", "nanoseconds")])
        {
            PeriodType = new SampleType("cpu", "nanoseconds"),
            Period = unchecked((long)period * 1000),
        };
        var samples = ReadSamples(ref words, profile.Period, isJava ? StackAddresses.Exact : StackAddresses.LeafThenReturnAddresses);
        var trailer = new TextLines(LosslessUtf8.Decode(words.Rest));
        var locations = new AddressLocations();
        if (isJava)
        {
            locations.AddSamples(profile, samples);
            JavaLocations.Name(profile, locations, trailer);
        }
        else
        {
            StripSignalHandlerFrames(samples);
            foreach (var sample in samples)
            {
                LegacyStacks.DropRepeatedLeaf(sample.Addresses);
            }

            locations.AddSamples(profile, samples);
            locations.Complete(profile, MemoryMapParser.ReadEntries(trailer));
        }

        return profile;
    }

    /// <param name="words">The words after the header.</param>
    private static bool TryReadHeader(ReadOnlySpan<byte> data, out CpuProfileWords words, out bool isJava, out ulong period)
    {
        foreach (var (size, bigEndian) in CpuProfileWords.Encodings)
        {
            words = new CpuProfileWords(data, size, bigEndian);
            var (zero, version, language, periodWord, padding) = (words.Read(), words.Read(), words.Read(), words.Read(), words.Read());
            if (!words.Exhausted && zero == 0 && version == Version && language <= 1 && periodWord != 0 && padding == 0)
            {
                (isJava, period) = (language == 1, periodWord);
                return true;
            }
        }

        words = default;
        (isJava, period) = (false, 0);
        return false;
    }

    private static List<LegacySample> ReadSamples(ref CpuProfileWords words, long period, StackAddresses kind)
    {
        var samples = new List<LegacySample>();
        while (!words.Rest.IsEmpty)
        {
            var count = words.Read();
            var depth = words.Read();

            // pprof measures the room left in 4-byte words whatever the word size; a deeper stack ends in zeros.
            if (words.Exhausted || depth > (ulong)(words.Rest.Length / 4))
            {
                throw new UnrecognizedFormatException(
                    $"binary CPU profile: sample {samples.Count + 1} is cut short (a stack of {depth} frames with {words.Rest.Length} bytes left)");
            }

            var addresses = new List<ulong>((int)depth);
            for (var i = 0; i < (int)depth; i++)
            {
                addresses.Add(AddressLocations.CallSite(words.Read(), i, kind));
            }

            if (count == 0 && depth == 1 && addresses[0] == 0)
            {
                break;
            }

            samples.Add(new LegacySample([unchecked((long)count), unchecked((long)count * period)], addresses));
        }

        return samples;
    }

    /// <summary>
    /// Removes the frame below the leaf when (nearly) every sample has the same one there: the signal handler pushed it,
    /// while the leaf comes from the signal context. Done twice, for the handler and its caller.
    /// </summary>
    private static void StripSignalHandlerFrames(List<LegacySample> samples)
    {
        var needed = samples.Count - (samples.Count / SamplesPerException);
        for (var round = 0; round < SignalFramesStripped; round++)
        {
            var counts = new Dictionary<ulong, int>();
            foreach (var sample in samples.Where(s => s.Addresses.Count > 1))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, sample.Addresses[1], out _)++;
            }

            foreach (var (address, count) in counts)
            {
                if (count < needed)
                {
                    continue;
                }

                foreach (var sample in samples.Where(s => s.Addresses.Count > 1 && s.Addresses[1] == address))
                {
                    sample.Addresses.RemoveAt(1);
                }

                break;
            }
        }
    }
}
