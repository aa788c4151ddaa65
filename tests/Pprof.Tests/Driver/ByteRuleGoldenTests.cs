using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>
/// The byte-level rules of <c>go tool pprof</c> on the fixtures of <c>testdata/rules</c> (README.md there): strings
/// that are not valid UTF-8 pass through byte for byte, a profile without mappings gets the placeholder mapping, a
/// profile without a period type prints an empty <c>PeriodType:</c>, C++ names lose argument lists and template
/// arguments, pictures shorten names with pprof's ASCII-only <c>\w</c>, columns are as wide as Go counts runes (0xFF
/// being its tabwriter's escape), and a <c>-peek</c> that matches nothing writes nothing.
/// </summary>
public sealed class ByteRuleGoldenTests : IDisposable
{
    /// <summary>The command of each golden <c>FIXTURE.REPORT[.OPTION]</c>; the fixture <c>FIXTURE.pb</c> follows it.</summary>
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["invalid-utf8.raw"] = ["-raw"],
        ["invalid-utf8.top"] = ["-top"],
        ["invalid-utf8.top.lines"] = ["-top", "-lines"],
        ["invalid-utf8.traces"] = ["-traces"],
        ["invalid-utf8.tree"] = ["-tree"],
        ["invalid-utf8.tags"] = ["-tags"],
        ["invalid-utf8.dot"] = ["-dot"],
        ["invalid-utf8.callgrind"] = ["-callgrind"],
        ["no-mapping.raw"] = ["-raw"],
        ["no-mapping.top"] = ["-top"],
        ["no-mapping.peek.nomatch"] = ["-peek", "nomatch"],
        ["no-period-type.raw"] = ["-raw"],
        ["cpp-names.raw"] = ["-raw"],
        ["cpp-names.top"] = ["-top"],
        ["cpp-names.top.lines"] = ["-top", "-lines"],
        ["cpp-names.top.files"] = ["-top", "-files"],
        ["cpp-names.traces"] = ["-traces"],
        ["cpp-names.tree"] = ["-tree"],
        ["cpp-names.dot"] = ["-dot"],
        ["cpp-names.top.templates"] = ["-top", "-symbolize=demangle=templates"],
        ["cpp-names.top.full"] = ["-top", "-symbolize=demangle=full"],
        ["cpp-names.top.symbolizenone"] = ["-top", "-symbolize=none"],
        ["cpp-names.top.force"] = ["-top", "-symbolize=force"],
        ["escaped-labels.raw"] = ["-raw"],
        ["escaped-labels.tags"] = ["-tags"],
        ["escaped-labels.traces"] = ["-traces"],
        ["unicode-names.dot"] = ["-dot"],
        ["unicode-names.top"] = ["-top"],
        ["wide-labels.raw"] = ["-raw"],
        ["wide-labels.tags"] = ["-tags"],
        ["wide-labels.traces"] = ["-traces"],
    };

    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-rules-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Goldens() => [.. GoldenNames()];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Output_matches_go_tool_pprof_byte_for_byte(string golden)
    {
        var run = DriverRun.Of([.. Commands[golden], Fixture(golden)]);

        Assert.True(run.Status == (golden.EndsWith(".nomatch", StringComparison.Ordinal) ? 1 : 0), $"exited with {run.Status}: {run.Stderr}");
        Golden.AssertMatchesGoOutput(GoldenPath(golden), run.Stdout);
    }

    [Fact]
    public void Every_golden_has_its_command()
    {
        var goldens = GoldenNames().ToList();

        Assert.Equal(Commands.Keys.Order(StringComparer.Ordinal), goldens);
    }

    [Fact]
    public void A_peek_without_a_match_says_so_on_stderr_only()
    {
        var run = DriverRun.Of("-peek", "nomatch", Fixture("no-mapping"));

        Assert.Empty(run.Stdout);
        Assert.Equal("dotnet-pprof: no matches found for regexp: nomatch\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    /// <summary>What <c>-proto</c> writes keeps the bytes and the placeholder mapping: its <c>-raw</c> is the original's.</summary>
    [Theory]
    [InlineData("invalid-utf8")]
    [InlineData("no-mapping")]
    public void Proto_output_keeps_every_byte(string fixture)
    {
        var written = Path.Combine(_scratch, fixture + ".pb.gz");
        DriverRun.Of("-proto", "-output", written, Fixture(fixture)).Succeeded();

        var raw = DriverRun.Of("-raw", written).Succeeded();

        Golden.AssertMatchesGoOutput(GoldenPath(fixture + ".raw"), raw.Stdout);
    }

    private static IEnumerable<string> GoldenNames() =>
        Directory.EnumerateFiles(Path.Combine(TestData.Rules, "expected"), "*.txt")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    private static string Fixture(string golden) => Path.Combine(TestData.Rules, golden.Split('.')[0] + ".pb");

    private static string GoldenPath(string golden) => Path.Combine(TestData.Rules, "expected", golden + ".txt");
}
