using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>
/// Every <c>testdata/go/expected/*.txt</c> golden, produced by <c>go tool pprof</c>, against the driver run in process
/// with the command its file name <c>PROFILE.REPORT[.OPTION]</c> stands for (testdata/go/README.md).
/// </summary>
public sealed class ReportGoldenTests
{
    /// <summary>The flags of each <c>REPORT[.OPTION]</c> suffix; the profile follows them.</summary>
    private static readonly Dictionary<string, string[]> Reports = new()
    {
        ["top"] = ["-top"],
        ["top.alloc_space"] = ["-top", "-sample_index=alloc_space"],
        ["top.inuse_objects"] = ["-top", "-sample_index=inuse_objects"],
        ["top.alloc_objects.nodefraction0"] = ["-top", "-nodefraction=0", "-sample_index=alloc_objects"],
        ["top.cum"] = ["-top", "-cum"],
        ["top.lines"] = ["-top", "-lines"],
        ["top.files"] = ["-top", "-files"],
        ["top.unitMB"] = ["-top", "-unit=MB"],
        ["top.nodecount5"] = ["-top", "-nodecount", "5"],
        ["top.focus"] = ["-top", "-focus", "decodeMap"],
        ["top.ignore"] = ["-top", "-ignore", "gob"],
        ["top.hide"] = ["-top", "-hide", "runtime"],
        ["top.show"] = ["-top", "-show", "gob"],
        ["top.showfrom"] = ["-top", "-show_from", @"main\.gobmap"],
        ["top.base0"] = ["-top", "-base", TestData.File("gobmap.heap.0.pb.gz")],
        ["top.diffbase0"] = ["-top", "-diff_base", TestData.File("gobmap.heap.0.pb.gz")],
        ["top.normalize"] = ["-top", "-normalize", "-base", TestData.File("gobmap.heap.2.pb.gz")],
        ["traces"] = ["-traces"],
        ["tree"] = ["-tree"],
        ["raw"] = ["-raw"],
        ["dot"] = ["-dot"],
        ["callgrind"] = ["-callgrind"],
        ["peek"] = ["-peek", @"main\."],
        ["peek.lines"] = ["-peek", "decodeMap", "-lines"],
        // The goldens were made with -source_path src from testdata/go; the absolute path trims and finds alike.
        ["list"] = ["-list", @"main\.", "-source_path", TestData.File("src")],
    };

    public static TheoryData<string> Goldens() => [.. GoldenNames()];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Driver_output_matches_go_tool_pprof(string golden)
    {
        var args = TryCommandFor(golden) ?? throw new ArgumentException($"no command known for golden {golden}", nameof(golden));
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run(args, stdout, stderr);

        Assert.True(status == 0, $"dotnet-pprof {string.Join(' ', args)} exited with {status}: {stderr}");
        Golden.AssertMatches(Path.Combine(TestData.Expected, golden + ".txt"), stdout.ToArray());
    }

    [Fact]
    public void Every_golden_has_a_known_command()
    {
        var unknown = GoldenNames().Where(name => TryCommandFor(name) is null).ToList();

        Assert.True(unknown.Count == 0, "no command known for " + string.Join(", ", unknown));
    }

    private static IEnumerable<string> GoldenNames() =>
        Directory.EnumerateFiles(TestData.Expected, "*.txt")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    /// <summary>The command line of a golden; profiles are full paths.</summary>
    private static string[]? TryCommandFor(string golden)
    {
        if (golden == "gobmap.heap.3+4.top.merged")
        {
            return ["-top", TestData.File("gobmap.heap.3.pb.gz"), TestData.File("gobmap.heap.4.pb.gz")];
        }

        // PROFILE names have dots too: the suffix is the longest one that names a report.
        for (var dot = golden.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = golden.IndexOf('.', dot + 1))
        {
            if (Reports.TryGetValue(golden[(dot + 1)..], out var flags))
            {
                return [.. flags, .. Source(golden[..dot])];
            }
        }

        return null;
    }

    /// <summary>
    /// A profile, or a Go text profile (NAME.debug1.txt) read as go tool pprof reads it: without its symbol comments.
    /// </summary>
    private static string[] Source(string name) =>
        name.EndsWith(".debug1", StringComparison.Ordinal)
            ? ["-symbolize=none", TestData.File(name + ".txt")]
            : [TestData.File(name + ".pb.gz")];
}
