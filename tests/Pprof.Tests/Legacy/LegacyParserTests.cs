using System.Text;
using Pprof.Legacy;
using Pprof.Profiles;
using Pprof.Sources;
using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>
/// Go's text profiles: the heap and goroutine profiles of <c>?debug=1</c> as <c>go tool pprof</c> reads them (the
/// expected figures come from its <c>-raw</c> output), and the <c>?debug=2</c> goroutine dumps it cannot read.
/// </summary>
public sealed class LegacyParserTests
{
    private const string HeapHeader = "heap profile: 3: 300 [5: 500] @ heap/1048576";

    [Fact]
    public void Heap_profile_has_the_values_and_labels_of_go_tool_pprof()
    {
        var profile = Read("gobmap.heap.debug1.txt", useSymbolComments: false);

        Assert.Equal(
            ["alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes"],
            profile.SampleTypes.Select(t => t.ToString()));
        Assert.Equal(new SampleType("space", "bytes"), profile.PeriodType);
        Assert.Equal(524288, profile.Period);
        // go tool pprof then drops the two samples whose values are all zero, and 2 locations only they use.
        Assert.Equal(100, profile.Samples.Count);
        Assert.Equal([2665854L, 133871202, 106847, 5768084], Totals(profile));

        // 4: 1152 [4: 1152] unsampled at 512 kB.
        Assert.Equal([7283L, 2097728, 7283, 2097728], profile.Samples.Values(0));
        Assert.Equal([Label.Number("bytes", 288)], profile.Samples.Labels(0).ToArray());
        Assert.Equal(0x412312ul, profile.Locations[profile.Samples.Stack(0)[0]].Address);
        Assert.Equal(0x45fa27ul, profile.Locations[profile.Samples.Stack(0)[1]].Address);
    }

    [Fact]
    public void Heap_profile_builds_the_locations_and_mapping_of_go_tool_pprof()
    {
        var profile = Read("gobmap.heap.debug1.txt", useSymbolComments: false);

        Assert.Equal(167, profile.Locations.Count);
        Assert.Equal(Enumerable.Range(1, 167).Select(i => (ulong)i), profile.Locations.Select(l => l.Id));
        Assert.All(profile.Locations, l => Assert.Empty(l.Lines));
        var mapping = Assert.Single(profile.Mappings);
        Assert.Equal((0ul, ulong.MaxValue, ""), (mapping.Start, mapping.Limit, mapping.File));
        Assert.All(profile.Locations, l => Assert.Same(mapping, l.Mapping));
        Assert.Empty(profile.Functions);
        Assert.Equal(LegacyFrameInfo.HeapDropFrames, profile.DropFrames);
        Assert.Contains(@"runtime\..*", profile.DropFrames, StringComparison.Ordinal);
        Assert.Equal(@"runtime\.panic|runtime\.reflectcall|runtime\.call[0-9]*", profile.KeepFrames);
    }

    [Fact]
    public void Heap_profile_symbol_comments_name_the_frames()
    {
        var profile = Read("gobmap.heap.debug1.txt", useSymbolComments: true);

        Assert.Equal(
        [
            "runtime.(hidden)", "reflect.mapassign_faststr runtime/map.go:1359", "reflect.Value.SetMapIndex reflect/value.go:2302",
            "encoding/gob.(*Decoder).decodeMap encoding/gob/decode.go:575",
            "encoding/gob.(*Decoder).decOpFor.func2 encoding/gob/decode.go:829",
            "encoding/gob.(*Decoder).decodeStruct encoding/gob/decode.go:471",
            "encoding/gob.(*Decoder).decodeValue encoding/gob/decode.go:1210",
            "encoding/gob.(*Decoder).DecodeValue encoding/gob/decoder.go:227",
            "encoding/gob.(*Decoder).Decode encoding/gob/decoder.go:202", "main.rpcRoundTrip goleaks/main.go:55",
            "main.rebuildStrategyMap goleaks/main.go:67", "main.gobmap goleaks/main.go:74", "main.main goleaks/main.go:223",
            "runtime.main runtime/proc.go:250", "runtime.goexit",
        ], Frames(profile, 0));
        Assert.Equal(["runtime.malg runtime/proc.go:4076", "runtime.newproc1 runtime/proc.go:4123",
            "runtime.newproc.func1 runtime/proc.go:4098", "runtime.systemstack runtime/asm_amd64.s:492"], Frames(profile, 1));
        Assert.Equal(Enumerable.Range(1, profile.Functions.Count).Select(i => (ulong)i), profile.Functions.Select(f => f.Id));
        Assert.Equal(profile.Functions.Count, profile.Functions.Select(f => (f.Name, f.Filename)).Distinct().Count());
        Assert.Equal([2665854L, 133871202, 106847, 5768084], Totals(profile));
    }

    [Fact]
    public void Goroutine_profile_counts_goroutines_by_stack()
    {
        var profile = Read("loggerleak.goroutine.debug1.txt", useSymbolComments: false);

        Assert.Equal([new SampleType("goroutine", "count")], profile.SampleTypes);
        Assert.Equal((new SampleType("goroutine", "count"), 1L), (profile.PeriodType, profile.Period));
        Assert.Equal([2001L], Totals(profile));
        Assert.Equal([2000L], profile.Samples.Values(0));
        Assert.Equal([0x438b55ul, 0x44805bul, 0x4eb8fcul, 0x464c60ul], profile.Samples.Stack(0).Select(i => profile.Locations[i].Address));
        Assert.Equal(13, profile.Locations.Count);
        Assert.Equal(LegacyFrameInfo.DefaultDropFrames, profile.DropFrames);
    }

    [Fact]
    public void Goroutine_profile_symbol_comments_name_the_frames()
    {
        var profile = Read("loggerleak.goroutine.debug1.txt", useSymbolComments: true);

        Assert.Equal(["runtime.(hidden)", "runtime.(hidden)", "main.(*asyncLogger).processQueue goleaks/main.go:148", "runtime.goexit"],
            Frames(profile, 0));
        Assert.Equal("runtime/pprof.runtime_goroutineProfileWithLabels runtime/mprof.go:846", Frames(profile, 1)[1]);
    }

    [Fact]
    public void Goroutine_dump_counts_goroutines_by_stack_and_state()
    {
        var profile = Read("loggerleak.goroutine.debug2.txt", useSymbolComments: true);

        Assert.Equal([new SampleType("goroutine", "count")], profile.SampleTypes);
        Assert.Equal([2001L], Totals(profile));
        Assert.Equal(2, profile.Samples.Count);
        Assert.Equal([1L], profile.Samples.Values(0));
        Assert.Equal([Label.String("state", "running")], profile.Samples.Labels(0).ToArray());
        Assert.Equal("runtime/pprof.writeGoroutineStacks runtime/pprof/pprof.go:692", Frames(profile, 0)[0]);
        Assert.Equal([2000L], profile.Samples.Values(1));
        Assert.Equal([Label.String("state", "select")], profile.Samples.Labels(1).ToArray());
        Assert.Equal(["main.(*asyncLogger).processQueue goleaks/main.go:148", "main.newAsyncLoopLogger goleaks/main.go:136"],
            Frames(profile, 1));
        Assert.Equal(8, profile.Locations.Count);
        Assert.All(profile.Locations, l => Assert.Equal(0ul, l.Address));
    }

    [Fact]
    public void Goroutine_dump_reads_the_forms_of_newer_go_versions()
    {
        var profile = Parse(
            "goroutine 1 [chan receive, 3 minutes, locked to thread]:\r\n"
            + "main.worker[...](0xc000010000, {0x1, 0x2})\r\n"
            + "\t/src/app/main.go:20 +0x1d\r\n"
            + "main.inlined(...)\r\n"
            + "\t/src/app/main.go:11\r\n"
            + "...additional frames elided...\r\n"
            + "created by main.start in goroutine 7\r\n"
            + "\t/src/app/main.go:5 +0x3e\r\n"
            + "\r\n"
            + "goroutine 2 gp=0xc000002380 m=nil [chan receive]:\n"
            + "main.worker[...](0xc000010008, {0x3, 0x4})\n"
            + "\t/src/app/main.go:20 +0x1d\n"
            + "main.inlined(...)\n"
            + "\t/src/app/main.go:11\n"
            + "created by main.start in goroutine 7\n"
            + "\t/src/app/main.go:5 +0x3e\n"
            + "goroutine 3 [running]:\n"
            + "\tgoroutine running on other thread; stack unavailable\n");

        Assert.Equal(2, profile.Samples.Count);
        Assert.Equal([2L], profile.Samples.Values(0));
        Assert.Equal([Label.String("state", "chan receive")], profile.Samples.Labels(0).ToArray());
        Assert.Equal(["main.worker[...] /src/app/main.go:20", "main.inlined /src/app/main.go:11", "main.start /src/app/main.go:5"],
            Frames(profile, 0));
        Assert.Empty(profile.Samples.Stack(1));
        Assert.Equal([Label.String("state", "running")], profile.Samples.Labels(1).ToArray());
    }

    [Fact]
    public void Count_profiles_take_their_type_from_the_header_and_read_counts_as_go_literals()
    {
        var profile = Parse("threadcreate profile: total 12\n010 @ 0x401001 0x402002\n4 @ 0x403003\n");

        Assert.Equal([new SampleType("threadcreate", "count")], profile.SampleTypes);
        Assert.Equal([8L], profile.Samples.Values(0));
        Assert.Equal([4L], profile.Samples.Values(1));
    }

    [Fact]
    public void Heap_profile_without_allocation_data_has_two_sample_types()
    {
        var profile = Parse("heap profile: 3: 300 [3: 300] @ heapprofile\n1: 100 [1: 100] @ 0x401001\n2: 0 [2: 0] @ 0x401001\n");

        Assert.Equal(["objects/count", "space/bytes"], profile.SampleTypes.Select(t => t.ToString()));
        Assert.Equal(1, profile.Period);
        Assert.Equal([1L, 100], profile.Samples.Values(0));
        Assert.Equal([2L, 0], profile.Samples.Values(1));
        Assert.Equal([Label.Number("bytes", 0)], profile.Samples.Labels(1).ToArray());
    }

    [Fact]
    public void Memory_map_section_gives_locations_their_mappings()
    {
        var profile = Parse(
            HeapHeader + "\n"
            + "1: 100 [2: 200] @ 0x401001 0x7f0000001001 0x900000\n"
            + "--- Memory map: ---\n"
            + "libdir=/usr/lib\n"
            + "00400000-0040b000 r-xp 00000000 fc:01 787  /bin/cat\n"
            + "0040b000-0040c000 rw-p 0000b000 fc:01 787  /bin/cat\n"
            + "7f0000000000-7f0000010000 $libdir/libfoo.so\n");

        Assert.Equal(
            ["1 400000-40b000 /bin/cat", "2 7f0000000000-7f0000010000 /usr/lib/libfoo.so", "3 0-ffffffffffffffff "],
            profile.Mappings.Select(m => $"{m.Id} {m.Start:x}-{m.Limit:x} {m.File}"));
        Assert.Equal([1ul, 2, 3], profile.Locations.Select(l => l.Mapping!.Id));
    }

    [Theory]
    [InlineData("heap profile: 3: 300 [5:", "line 1")]
    [InlineData(HeapHeader + "\nx: 100 [2: 200] @ 0x1", "line 2")]
    [InlineData(HeapHeader + "\n\n1: 100 [2: 200] @ 0x1\n0: 100 [0: 0] @ 0x2", "line 4: inuse count was 0 but inuse bytes was 100")]
    [InlineData(HeapHeader + "\n1: 100 [0: 5] @ 0x2", "line 2: allocation count was 0 but allocation bytes was 5")]
    [InlineData(HeapHeader + "\n99999999999999999999: 100 [2: 200] @ 0x1", "line 2")]
    [InlineData(HeapHeader + "\n1: 100 [2: 200] @ 0x10000000000000000", "line 2")]
    [InlineData("heap profile: 3: 300 [5: 500] @ heapish/4", "line 1")]
    [InlineData("goroutine profile: total 3\n3 @ 0x1\nthree @ 0x1", "line 3")]
    [InlineData("goroutine profile: total 3\n09 @ 0x1", "line 2")]
    [InlineData("goroutine profile: total 3\n1 @ 0x1 0x10000000000000000", "line 2")]
    [InlineData("goroutine 1 [running]:\nmain.main()\nmain.f()\n\tmain.go:3 +0x1", "line 3")]
    [InlineData("goroutine 1 [running]:\nmain.main()\n\tmain.go +0x1", "line 3")]
    [InlineData("goroutine 1 [running]:\nmain.main()", "line 2")]
    [InlineData("goroutine 1 [running]:\nmain.main", "line 2")]
    [InlineData("goroutine 1 [running]:\nmain.main()\n\tmain.go:3 +0x1\n\nexit status 2", "line 5")]
    public void Malformed_text_is_a_format_error_that_names_the_line(string text, string message)
    {
        var error = Assert.Throws<ProfileFormatException>(() => Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrecognized_text_is_a_format_error()
    {
        var error = Assert.Throws<ProfileFormatException>(() => LegacyProfileParser.Parse("hello profile\n"u8, true));

        Assert.StartsWith("unrecognized profile format", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heap profile: 11: 1832 [254: 1224224] @ heap/1048576\n", true)]
    [InlineData("goroutine profile: total 2001\n", true)]
    [InlineData("threadcreate profile: total 9\r\n", true)]
    [InlineData("goroutine 1 [running]:\nmain.main()", true)]
    [InlineData("goroutine 1 gp=0xc000002380 m=0 mp=0x5f6f20 [running]:", true)]
    [InlineData("goroutine profile: total", false)]
    [InlineData("hello\nheap profile: 1: 1 [1: 1] @ heap/2", false)]
    [InlineData("\n\x04type", false)]
    [InlineData("# written by a test\n\nthreadcreate profile: total 3\n", true)]
    [InlineData("--- threadz 1 ---\n", true)]
    [InlineData("\n--- Thread 7f794ab90940 (name: main/14585) stack: ---\n", true)]
    [InlineData("--- contentionz 1 ---\n", true)]
    [InlineData("--- mutex:\n", true)]
    [InlineData("--- contention:\n", true)]
    [InlineData("--- heapz 1 ---\n", true)]
    [InlineData("# heap profile: 1: 1 [1: 1] @ heap/2", true)]
    [InlineData("--- heapz 2 ---\n", false)]
    public void Start_tells_a_text_profile(string start, bool expected) =>
        Assert.Equal(expected, LegacyProfileParser.Recognizes(Encoding.UTF8.GetBytes(start)));

    [Theory]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Header_tells_a_binary_cpu_profile_in_any_word_size_and_byte_order(int size, bool bigEndian)
    {
        var header = new byte[5 * size];
        header[bigEndian ? 2 * size - 1 : size] = 3;
        header[bigEndian ? 4 * size - 1 : 3 * size] = 100;

        Assert.True(LegacyProfileParser.Recognizes(header));
        Assert.False(LegacyProfileParser.Recognizes(header[..^1]));
    }

    [Theory]
    [InlineData("gobmap.heap.debug1.txt")]
    [InlineData("loggerleak.goroutine.debug1.txt")]
    [InlineData("loggerleak.goroutine.debug2.txt")]
    public void Damaged_files_fail_only_with_format_errors(string name) =>
        AssertDamageGivesAtMostFormatErrors(File.ReadAllBytes(TestData.File(name)), name.Length);

    public static TheoryData<string> LegacyFixtures() =>
        [.. Directory.EnumerateFiles(LegacyTestData.Folder).Select(p => Path.GetFileName(p)).Where(n => n != "README.md").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(LegacyFixtures))]
    public void Damaged_legacy_fixtures_fail_only_with_format_errors(string name) =>
        AssertDamageGivesAtMostFormatErrors(File.ReadAllBytes(LegacyTestData.File(name)), name.Length);

    private static void AssertDamageGivesAtMostFormatErrors(byte[] original, int seed)
    {
        var random = new Random(seed);
        var alphabet = " \t\n#@:[]()+-0123456789abcdefx".Select(c => (byte)c).Concat("\u00e9\u4e00"u8.ToArray()).ToArray();
        for (var round = 0; round < 200; round++)
        {
            var length = random.Next(original.Length / 50, original.Length);
            var damaged = original[..length];
            for (var i = random.Next(0, 20); i > 0; i--)
            {
                var replacement = random.Next(2) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
                damaged[random.Next(damaged.Length)] = replacement;
            }

            AssertParsesOrFormatError(damaged, random.Next(2) == 0);
        }
    }

    [Theory]
    [InlineData(HeapHeader)]
    [InlineData("goroutine profile: total 3")]
    [InlineData("goroutine 1 [running]:")]
    public void Garbage_after_a_valid_header_fails_only_with_format_errors(string header)
    {
        var random = new Random(header.Length);
        string[] tokens =
        [
            " ", "\t", "\n", "\r\n", "#", "# ", "#\t0x1\tf+0x1\tf.go:1", "@", ":", "[", "]", "(", ")", "-", "+0x", "0x",
            "0xffffffffffffffffff", "1", "0", "-1", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
            "abc", "goroutine 2 [select]:", "created by ", "--- Memory map: ---", "MAPPED_LIBRARIES:", "00400000-0040b000 r-xp",
            " 00000000 fc:01 787 /bin/x", "a=b", "$a", "...additional frames elided...", "\u00e9", "\u4e00", "\0",
        ];
        for (var round = 0; round < 500; round++)
        {
            var text = new StringBuilder(header).Append('\n');
            for (var i = random.Next(1, 60); i > 0; i--)
            {
                text.Append(tokens[random.Next(tokens.Length)]);
            }

            AssertParsesOrFormatError(Encoding.UTF8.GetBytes(text.ToString()), random.Next(2) == 0);
        }
    }

    private static void AssertParsesOrFormatError(byte[] data, bool useSymbolComments)
    {
        try
        {
            ProfileReader.Parse(data, new ReadOptions { UseSymbolComments = useSymbolComments });
        }
        catch (ProfileFormatException)
        {
        }
    }

    private static Profile Read(string name, bool useSymbolComments) =>
        ProfileReader.ReadFile(TestData.File(name), new ReadOptions { UseSymbolComments = useSymbolComments });

    private static Profile Parse(string text) => LegacyProfileParser.Parse(Encoding.UTF8.GetBytes(text), useSymbolComments: true);

    private static long[] Totals(Profile profile)
    {
        var totals = new long[profile.SampleTypes.Count];
        for (var sample = 0; sample < profile.Samples.Count; sample++)
        {
            var values = profile.Samples.Values(sample);
            for (var i = 0; i < totals.Length; i++)
            {
                totals[i] += values[i];
            }
        }

        return totals;
    }

    /// <summary>The frames of a sample, leaf first, as "function file:line" (just the function when there is no file).</summary>
    private static string[] Frames(Profile profile, int sample) =>
    [
        .. profile.Samples.Stack(sample)
            .SelectMany(i => profile.Locations[i].Lines)
            .Select(l => l.Function!.Filename.Length == 0 ? l.Function.Name : $"{l.Function.Name} {l.Function.Filename}:{l.Number}"),
    ];
}
