using Pprof.Driver;
using Pprof.Profiles;
using Pprof.Tests.Collector;
using Pprof.Tests.Support;

namespace Pprof.Tests.Cli;

/// <summary>
/// What we write, Go's own tool reads: <c>go tool pprof -raw</c> of our <c>-proto</c> output shows the same samples,
/// locations, functions and mappings as of the original profile. Needs <c>go</c> on the PATH (.ci/run installs it).
/// </summary>
public sealed class GoToolInteropTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-go-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Profiles() => [.. BundledProfiles(), "gobmap.heap.debug1.txt", "loggerleak.goroutine.debug1.txt"];

    private static IEnumerable<string> BundledProfiles() =>
        Directory.EnumerateFiles(TestData.Go, "*.pb.gz")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != "big.heap.pb.gz")
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Go_tool_pprof_reads_our_proto_output_as_the_original(string name)
    {
        var source = TestData.File(name);
        var written = Path.Combine(_scratch, name + ".pb.gz");
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run(["-proto", "-symbolize=none", "-output", written, source], stdout, stderr);

        Assert.True(status == 0, stderr.ToString());
        Assert.Equal(GoRaw(source), GoRaw(written));
    }

    public static TheoryData<string, string> ReportsWithoutGoldens()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in BundledProfiles())
        {
            foreach (var report in new[] { "-traces", "-tree", "-dot", "-tags" })
            {
                cases.Add(report, name);
            }
        }

        return cases;
    }

    /// <summary>Beyond the goldens: every report of every bundled profile prints what Go's tool prints.</summary>
    [Theory]
    [MemberData(nameof(ReportsWithoutGoldens))]
    public void Reports_match_go_tool_pprof_on_every_bundled_profile(string report, string name)
    {
        var source = TestData.File(name);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run([report, source], stdout, stderr);

        Assert.True(status == 0, stderr.ToString());
        Assert.Equal(GoTool(report, source), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    /// <summary>
    /// A callee whose values all come to 0 (means that round down, lines of a comparison that cancel out) is no node of
    /// the graph, but its edges stay: they are drawn to N0, as Go draws them, where they made the report fail.
    /// </summary>
    [Theory]
    [InlineData("-mean", null)]
    [InlineData("-lines", "gobmap.heap.0.pb.gz")]
    public void Edges_to_a_callee_of_no_value_are_drawn_to_N0_as_go_does(string flag, string? diffBase)
    {
        string[] arguments = ["-dot", flag, .. diffBase is null ? [] : new[] { "-diff_base=" + TestData.File(diffBase) }, TestData.File("gobmap.heap.4.pb.gz")];
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run(arguments, stdout, stderr);

        Assert.True(status == 0, stderr.ToString());
        static string[] EdgesToN0(string dot) =>
            [.. dot.Split('\n').Where(line => line.Contains(" -> N0 [", StringComparison.Ordinal)).Select(line => line[line.IndexOf(" tooltip=", StringComparison.Ordinal)..]).Order(StringComparer.Ordinal)];
        var expected = EdgesToN0(GoTool(arguments));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, EdgesToN0(System.Text.Encoding.UTF8.GetString(stdout.ToArray())));
    }

    [Theory]
    [InlineData("gobmap.heap.4.pb.gz")]
    [InlineData("bytesbuffer.allocs.pb.gz")]
    [InlineData("loggerleak.goroutine.4.pb.gz")]
    public void Topproto_writes_the_profile_go_tool_pprof_writes(string name)
    {
        var ours = Path.Combine(_scratch, "ours.pb.gz");
        var theirs = Path.Combine(_scratch, "theirs.pb.gz");
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run(["-topproto", "-output", ours, TestData.File(name)], stdout, stderr);
        GoTool("-topproto", "-output", theirs, TestData.File(name));

        Assert.True(status == 0, stderr.ToString());
        Assert.Equal(GoRaw(theirs), GoRaw(ours));
    }

    /// <summary>Files under a build sandbox's <c>/proc/self/cwd/</c> are shown without it in graph reports, as Go does.</summary>
    [Theory]
    [InlineData("-top")]
    [InlineData("-tree")]
    [InlineData("-dot")]
    public void Sandbox_prefixes_are_trimmed_from_file_names_as_go_does(string report)
    {
        var mapping = new Mapping { Id = 1, Start = 0x1000, Limit = 0x9000, File = "/srv/app", HasFunctions = true };
        var main = new Function { Id = 1, Name = "main.main", Filename = "/proc/self/cwd/cmd/app/main.go" };
        var leak = new Function { Id = 2, Name = "main.leak", Filename = "/proc/self/cwd/./internal/leak.go" };
        var profile = new Profile([new SampleType("inuse_space", "bytes")])
        {
            Mappings = { mapping },
            Functions = { main, leak },
            Locations =
            {
                new Location { Id = 1, Mapping = mapping, Address = 0x1100, Lines = [new Line(leak, 12)] },
                new Location { Id = 2, Mapping = mapping, Address = 0x2100, Lines = [new Line(main, 30)] },
            },
        };
        profile.Samples.Add([0, 1], [4096], []);
        profile.Samples.Add([1], [1024], []);
        var path = Path.Combine(_scratch, "sandbox.pb.gz");
        ProfileWriter.WriteFile(profile, path);
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var status = PprofDriver.Run([report, "-lines", path], stdout, stderr);

        Assert.True(status == 0, stderr.ToString());
        Assert.Equal(GoTool(report, "-lines", path), System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    private static string GoRaw(string profile) => GoTool("-raw", profile);

    private static string GoTool(params string[] arguments) => CollectorCli.GoToolPprof(arguments[^1], arguments[..^1]);
}
