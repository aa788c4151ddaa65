using Pprof.Tests.Support;

namespace Pprof.Tests.Legacy;

/// <summary>
/// Every report of <c>testdata/legacy/expected</c>, made by <c>go tool pprof -symbolize=none</c> from a profile in
/// one of the legacy formats, against the driver's; the file name <c>PROFILE.REPORT[.OPTION].txt</c> says the command
/// (testdata/legacy/README.md).
/// </summary>
public sealed class LegacyGoldenTests
{
    private static readonly Dictionary<string, string[]> Reports = new()
    {
        ["top"] = ["-top"],
        ["raw"] = ["-raw"],
        ["traces"] = ["-traces"],
        ["top.alloc_space"] = ["-top", "-sample_index=alloc_space"],
    };

    public static TheoryData<string> Goldens() => [.. GoldenNames()];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Driver_output_matches_go_tool_pprof(string golden)
    {
        var (profile, flags) = Command(golden);

        var run = DriverRun.Of([.. flags, "-symbolize=none", LegacyTestData.File(profile)]).Succeeded();

        Golden.AssertMatchesGoOutput(Path.Combine(LegacyTestData.Expected, golden + ".txt"), run.Stdout);
    }

    [Fact]
    public void Every_fixture_has_its_top_raw_and_traces()
    {
        var goldens = GoldenNames().ToHashSet();
        var fixtures = Directory.EnumerateFiles(LegacyTestData.Folder).Select(Path.GetFileName).Where(name => name != "README.md");

        Assert.All(fixtures, name => Assert.All(new[] { "top", "raw", "traces" }, report => Assert.Contains($"{name}.{report}", goldens)));
    }

    private static IEnumerable<string> GoldenNames() =>
        Directory.EnumerateFiles(LegacyTestData.Expected, "*.txt")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

    /// <summary>The profile and flags of a golden: the suffix is the longest one that names a report.</summary>
    private static (string Profile, string[] Flags) Command(string golden)
    {
        foreach (var (suffix, flags) in Reports.OrderByDescending(r => r.Key.Length))
        {
            if (golden.EndsWith("." + suffix, StringComparison.Ordinal))
            {
                return (golden[..^(suffix.Length + 1)], flags);
            }
        }

        throw new ArgumentException($"no command known for golden {golden}", nameof(golden));
    }
}
