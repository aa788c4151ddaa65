using Pprof.Tests.Support;

namespace Pprof.Tests.Driver;

/// <summary>
/// <c>-tagroot</c> and <c>-tagleaf</c> against <c>go tool pprof</c>'s outputs in <c>testdata/tagroot</c> (README.md
/// there): label values become frames at the root or the leaf of every stack, named as Go names them.
/// </summary>
public sealed class TagRootGoldenTests
{
    private static string TagRoot => Path.Combine(TestData.RepositoryRoot, "testdata", "tagroot");

    /// <summary>The command of each golden; the profile comes last.</summary>
    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["gobmap.heap.0.top.tagleaf"] = ["-top", "-tagleaf=bytes", TestData.File("gobmap.heap.0.pb.gz")],
        ["gobmap.heap.0.traces.tagroot"] = ["-traces", "-tagroot=bytes", TestData.File("gobmap.heap.0.pb.gz")],
        ["gobmap.heap.0.top.cum.tagroot.tagleaf"] =
            ["-top", "-cum", "-tagroot=bytes,nokey", "-tagleaf=bytes", TestData.File("gobmap.heap.0.pb.gz")],
        ["wide-labels.traces.tagleaf.tagroot"] =
            ["-traces", "-tagleaf=k,😀", "-tagroot=€", Path.Combine(TestData.Rules, "wide-labels.pb")],
    };

    public static TheoryData<string> Goldens() => [.. Commands.Keys];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Output_matches_go_tool_pprof_byte_for_byte(string golden)
    {
        var run = DriverRun.Of(Commands[golden]).Succeeded();

        Golden.AssertMatchesGoOutput(Path.Combine(TagRoot, golden + ".txt"), run.Stdout);
    }

    [Fact]
    public void Every_golden_has_its_command()
    {
        var goldens = Directory.EnumerateFiles(TagRoot, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(Commands.Keys.Order(StringComparer.Ordinal), goldens);
    }

    [Fact]
    public void A_key_no_sample_has_is_warned_of_as_go_does()
    {
        var run = DriverRun.Of("-top", "-tagleaf=nokey", TestData.File("gobmap.heap.0.pb.gz")).Succeeded();

        Assert.Contains("TagLeaf expression matched no samples\n", run.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
