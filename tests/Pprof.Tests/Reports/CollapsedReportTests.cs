using System.Globalization;
using Pprof.Tests.Support;

namespace Pprof.Tests.Reports;

/// <summary>The <c>-collapsed</c> report: folded stacks that other flame graph tools read.</summary>
public sealed class CollapsedReportTests
{
    private static readonly string Heap = TestData.File("gobmap.heap.4.pb.gz");

    /// <summary>The expectation was made from <c>go tool pprof -traces -unit=B</c>: frames reversed, equal stacks summed.</summary>
    [Fact]
    public void Folded_stacks_match_the_traces_of_go_tool_pprof()
    {
        var result = DriverRun.Of("-collapsed", Heap).Succeeded();

        Golden.AssertMatches(Expectations.File("gobmap.heap.4.collapsed.txt"), result.Stdout);
    }

    [Theory]
    [InlineData("gobmap.heap.4.pb.gz")]
    [InlineData("bytesbuffer.allocs.pb.gz")]
    [InlineData("loggerleak.goroutine.4.pb.gz")]
    [InlineData("loggerleak.heap.2.pb.gz")]
    public void Values_add_up_to_the_profile_total(string name)
    {
        var path = TestData.File(name);

        var lines = Lines(DriverRun.Of("-collapsed", path).Succeeded().Text);

        Assert.Equal(SampleSums.Total(path), lines.Sum(line => line.Value));
        Assert.Equal(lines.Select(line => line.Stack).Distinct().Count(), lines.Count);
        Assert.Equal(lines.Select(line => line.Stack).Order(StringComparer.Ordinal), lines.Select(line => line.Stack));
    }

    [Fact]
    public void Filters_and_granularity_apply()
    {
        var lines = Lines(DriverRun.Of("-collapsed", "-lines", "-focus", "decodeMap", Heap).Succeeded().Text);

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Contains("encoding/gob.(*Decoder).decodeMap ", line.Stack, StringComparison.Ordinal));
        Assert.All(lines.SelectMany(line => line.Stack.Split(';')), frame => Assert.Matches(@" \S+:\d+$", frame));
    }

    private static List<(string Stack, long Value)> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var space = line.LastIndexOf(' ');
            return (line[..space], long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        })];
}
