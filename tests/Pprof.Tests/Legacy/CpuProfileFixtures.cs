using System.Buffers.Binary;
using System.Text;

namespace Pprof.Tests.Legacy;

/// <summary>
/// Writes the legacy binary CPU profiles of <c>testdata/legacy</c> (gperftools' <c>profilez</c> layout): a header of
/// five words <c>0, 3, 0|1 (C++|Java), period in µs, 0</c>; samples <c>count, depth, addresses...</c>; the end marker
/// <c>0, 1, 0</c>; then text (a memory map for C++, <c>0xADDR function (file:line)</c> lines for Java). The same
/// profile is written in each word size and byte order, so every variant must give the same reports.
/// </summary>
public static class CpuProfileFixtures
{
    public const int PeriodMicroseconds = 10000;

    private const uint SignalHandler = 0xf7f00100;
    private const uint SignalTrampoline = 0xf7f00200;

    /// <summary>
    /// Every sample carries the two frames the signal handler pushes after its leaf (pprof strips both), and one
    /// repeats its leaf as the next frame (pprof drops the copy).
    /// </summary>
    private static readonly (uint Count, uint[] Stack)[] CppSamples =
    [
        (5, [0x401a10, SignalHandler, SignalTrampoline, 0x401208, 0x400e12]),
        (3, [0x4015a3, SignalHandler, SignalTrampoline, 0x401aa8, 0xf7f12346]),
        (2, [0x401c88, SignalHandler, SignalTrampoline, 0x401c88, 0x401208, 0x400e12]),
        (1, [0x401b00, SignalHandler, SignalTrampoline]),
    ];

    private const string CppMemoryMap =
        "00400000-00402000 r-xp 00000000 08:01 1234 /usr/local/bin/server\n"
        + "00402000-00403000 rw-p 00002000 08:01 1234 /usr/local/bin/server\n"
        + "f7f00000-f7f30000 r-xp 00000000 08:01 5678 /lib/i386-linux-gnu/libc-2.31.so\n";

    /// <summary>Java frames are ids that the text after the samples names (all but 9); they are not adjusted.</summary>
    private static readonly (uint Count, uint[] Stack)[] JavaSamples =
    [
        (7, [1, 2, 3]),
        (4, [4, 2, 3]),
        (2, [5, 6]),
        (1, [7, 3]),
        (1, [9, 2, 3]),
    ];

    /// <summary>
    /// An old Go CPU profile: no memory map, and 33 samples of which one lacks the signal handler's frame, which is
    /// stripped all the same (one sample in 32 may lack it).
    /// </summary>
    private static readonly (uint Count, uint[] Stack)[] GoSamples =
    [
        .. Enumerable.Range(0, 32).Select(i => (1u, new uint[] { 0x401000u + (uint)(i % 4 * 16), SignalHandler, 0x402008, 0x403010 })),
        (2, [0x401100, 0x402008, 0x403010]),
    ];

    private const string JavaLocations =
        "0x0000000000000001 com.example.Hot.loop (Hot.java:17)\n"
        + "0x0000000000000002 com.example.Hot.run (Hot.java:9)\n"
        + "0x0000000000000003 java.lang.Thread.run (Thread.java:745)\n"
        + "0x0000000000000004 java.util.HashMap.get (/opt/jdk/lib/rt.jar)\n"
        + "0x0000000000000005 generated stub/JIT\n"
        + "0x0000000000000006 GC\n"
        + "0x0000000000000007 com.example.Hot.loop (Hot.java:0)\n"
        + "0x0000000000000008 com.example.Unused.never (Unused.java:1)\n";

    /// <summary>The fixture files: name, then its bytes.</summary>
    public static IEnumerable<(string Name, byte[] Data)> All()
    {
        foreach (var (suffix, wide, bigEndian) in new[] { ("32le", false, false), ("32be", false, true), ("64le", true, false), ("64be", true, true) })
        {
            yield return ($"cpp.cpu.{suffix}.prof", Write(java: false, CppSamples, CppMemoryMap, wide, bigEndian));
            yield return ($"java.cpu.{suffix}.prof", Write(java: true, JavaSamples, JavaLocations, wide, bigEndian));
        }

        yield return ("go.cpu.64le.prof", Write(java: false, GoSamples, "", wide: true, bigEndian: false, endMarker: false));
    }

    private static byte[] Write(
        bool java, (uint Count, uint[] Stack)[] samples, string trailer, bool wide, bool bigEndian, bool endMarker = true)
    {
        var output = new MemoryStream();
        var words = new List<ulong> { 0, 3, java ? 1u : 0u, PeriodMicroseconds, 0 };
        foreach (var (count, stack) in samples)
        {
            words.Add(count);
            words.Add((ulong)stack.Length);
            words.AddRange(stack.Select(a => (ulong)a));
        }

        if (endMarker)
        {
            words.AddRange([0, 1, 0]);
        }

        var word = new byte[wide ? 8 : 4];
        foreach (var value in words)
        {
            WriteWord(word, value, bigEndian);
            output.Write(word);
        }

        output.Write(Encoding.ASCII.GetBytes(trailer));
        return output.ToArray();
    }

    private static void WriteWord(byte[] word, ulong value, bool bigEndian)
    {
        if (word.Length == 8)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(word, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, value);
            }
        }
        else if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)value);
        }
    }
}
