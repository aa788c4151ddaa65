using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>
/// Every <c>testdata/go/expected/*top*.txt</c> golden, produced by <c>go tool pprof</c>, against the driver run in
/// process with the command its file name stands for (testdata/go/README.md).
/// </summary>
public sealed class TopGoldenTests
{
    public static TheoryData<string> Goldens() => [.. GoldenNames()];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Driver_output_matches_go_tool_pprof(string golden)
    {
        var args = CommandFor(golden);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run(args, stdout, stderr);

        Assert.True(status == 0, $"dotnet-pprof {string.Join(' ', args)} exited with {status}: {stderr}");
        Golden.AssertMatches(Path.Combine(TestData.Expected, golden + ".txt"), stdout.ToArray());
    }

    [Fact]
    public void Every_top_golden_has_a_known_command()
    {
        var unknown = GoldenNames().Where(name => TryCommandFor(name) is null).ToList();

        Assert.True(unknown.Count == 0, "no command known for " + string.Join(", ", unknown));
    }

    private static IEnumerable<string> GoldenNames() =>
        Directory.EnumerateFiles(TestData.Expected, "*top*.txt")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    private static string[] CommandFor(string golden) =>
        TryCommandFor(golden) ?? throw new ArgumentException($"no command known for golden {golden}", nameof(golden));

    /// <summary>The command line of a golden, from the table in testdata/go/README.md; sources are full paths.</summary>
    private static string[]? TryCommandFor(string golden)
    {
        static string P(string name) => TestData.File(name);

        if (golden == "gobmap.heap.3+4.top.merged")
        {
            return ["-top", P("gobmap.heap.3.pb.gz"), P("gobmap.heap.4.pb.gz")];
        }

        var top = golden.IndexOf(".top", StringComparison.Ordinal);
        if (top < 0)
        {
            return null;
        }

        // Go's text profiles (NAME.debug1.txt) are read as go tool pprof reads them: without their symbol comments.
        var name = golden[..top];
        var isText = name.EndsWith(".debug1", StringComparison.Ordinal);
        string[] source = isText ? ["-symbolize=none", P(name + ".txt")] : [P(name + ".pb.gz")];
        string[]? options = golden[(top + ".top".Length)..] switch
        {
            "" => [],
            ".alloc_space" => ["-sample_index=alloc_space"],
            ".inuse_objects" => ["-sample_index=inuse_objects"],
            ".alloc_objects.nodefraction0" => ["-nodefraction=0", "-sample_index=alloc_objects"],
            ".cum" => ["-cum"],
            ".lines" => ["-lines"],
            ".files" => ["-files"],
            ".unitMB" => ["-unit=MB"],
            ".nodecount5" => ["-nodecount", "5"],
            ".focus" => ["-focus", "decodeMap"],
            ".ignore" => ["-ignore", "gob"],
            ".hide" => ["-hide", "runtime"],
            ".show" => ["-show", "gob"],
            ".showfrom" => ["-show_from", @"main\.gobmap"],
            ".base0" => ["-base", P("gobmap.heap.0.pb.gz")],
            ".diffbase0" => ["-diff_base", P("gobmap.heap.0.pb.gz")],
            ".normalize" => ["-normalize", "-base", P("gobmap.heap.2.pb.gz")],
            _ => null,
        };
        return options is null ? null : ["-top", .. options, .. source];
    }
}
