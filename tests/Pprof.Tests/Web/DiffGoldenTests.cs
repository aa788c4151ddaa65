using System.Text;
using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>
/// The diff view's data, byte for byte as the build before its sides were told apart in the comparison's tree gave it
/// (each side merged from its own samples, the two paired by name): <c>-diff_base</c> and <c>-base</c>, several sources,
/// a base larger than the profile (negative values), frames on one side only, sides whose default sample types
/// differ, sample indexes, focus, ignore, hide, show, show_from, granularity and tag filters.
/// </summary>
public sealed class DiffGoldenTests
{
    private static readonly string[] Gobmap =
    [
        "", "?si=alloc_space", "?si=alloc_objects&f=gob", "?f=decode", "?i=reflect", "?f=main&i=makemap", "?h=runtime", "?s=gob",
        "?sf=Decoder", "?g=files", "?tf=bytes%3D288B", "?ti=bytes%3D48B", "?si=inuse_objects&i=mapassign",
    ];

    private static readonly string[] BytesBuffer = ["", "?si=alloc_space", "?f=grow", "?i=ReadFrom", "?si=alloc_objects&f=main"];

    private static readonly string[] LoggerLeak = ["", "?si=alloc_space", "?f=logger", "?i=malg", "?si=inuse_objects&f=main"];

    public static TheoryData<string, string[], string[]> Cases => new()
    {
        { "gobmap-diff_base", ["-diff_base=" + Go("gobmap.heap.0"), Go("gobmap.heap.4")], Gobmap },
        { "gobmap-base", ["-base=" + Go("gobmap.heap.0"), Go("gobmap.heap.4")], Gobmap },
        { "gobmap-diff_base-two", ["-diff_base=" + Go("gobmap.heap.1"), Go("gobmap.heap.3"), Go("gobmap.heap.4")], Gobmap },
        { "bytesbuffer-diff_base-shrinks", ["-diff_base=" + Go("bytesbuffer.heap.4"), Go("bytesbuffer.heap.0")], BytesBuffer },
        { "bytesbuffer-base-negative", ["-base=" + Go("bytesbuffer.heap.4"), Go("bytesbuffer.heap.0")], BytesBuffer },
        { "loggerleak-diff_base", ["-diff_base=" + Go("loggerleak.heap.0"), Go("loggerleak.heap.4")], LoggerLeak },
        { "loggerleak-base", ["-base=" + Go("loggerleak.heap.4"), Go("loggerleak.heap.1")], LoggerLeak },
        { "goroutine-diff_base", ["-diff_base=" + Go("loggerleak.goroutine.0"), Go("loggerleak.goroutine.4")], ["", "?f=logger", "?i=runtime"] },
        { "heap-vs-allocs-diff_base", ["-diff_base=" + Go("bytesbuffer.heap.2"), Go("bytesbuffer.allocs")], ["", "?si=alloc_space"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_diff_answers_as_each_side_merged_on_its_own(string name, string[] args, string[] queries) =>
        Golden.AssertMatches(Expectations.File($"diff/{name}.txt"), await Answers(args, queries));

    /// <summary>
    /// Once the tree of every sample is merged in the background, a new sample index, focus, ignore or tag filter tells
    /// the sides apart over its frames (<c>CallTreeSamples.DiffBaseApart(sampleIndex, filters)</c>) rather than in
    /// the query's own tree: the same answers, byte for byte.
    /// </summary>
    [Theory]
    [InlineData("gobmap-diff_base")]
    [InlineData("bytesbuffer-diff_base-shrinks")]
    [InlineData("loggerleak-diff_base")]
    public async Task The_diff_answers_alike_once_the_tree_of_every_sample_is_merged(string name)
    {
        var row = Cases.Single(c => (string)c[0] == name);
        var (args, queries) = ((string[])row[1], (string[])row[2]);
        using var server = new WebUiProcess(args);
        await server.Client.GetByteArrayAsync(new Uri("/ui/api/flamegraph", UriKind.Relative));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(await server.Client.GetStringAsync(new Uri("/ui/api/progress", UriKind.Relative))).Contains("the call tree of every sample", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the tree of every sample was not merged within 2 minutes");
            await Task.Delay(100);
        }

        Golden.AssertMatches(Expectations.File($"diff/{name}.txt"), await Answers(server, queries));
    }

    [Fact]
    public async Task A_side_with_negative_values_of_its_own_answers_as_merged_on_its_own()
    {
        var negative = Path.Combine(Path.GetTempPath(), $"pprof-diff-negative-{Guid.NewGuid():N}.pb.gz");
        try
        {
            DriverRun.Of("-proto", "-output", negative, "-base=" + Go("bytesbuffer.heap.4"), Go("bytesbuffer.heap.0")).Succeeded();

            var answers = await Answers(["-diff_base=" + Go("bytesbuffer.heap.2"), negative], ["", "?si=alloc_space", "?f=grow"]);

            Golden.AssertMatches(Expectations.File("diff/negative-side-diff_base.txt"), answers);
        }
        finally
        {
            File.Delete(negative);
        }
    }

    /// <summary>Each query's route on a line, then the server's answer to it on the next.</summary>
    private static async Task<byte[]> Answers(string[] args, string[] queries)
    {
        using var server = new WebUiProcess(args);
        return await Answers(server, queries);
    }

    private static async Task<byte[]> Answers(WebUiProcess server, string[] queries)
    {
        using var answers = new MemoryStream();
        foreach (var query in queries)
        {
            var route = "/ui/api/diff" + query;
            answers.Write(Encoding.UTF8.GetBytes(route + "\n"));
            answers.Write(await server.Client.GetByteArrayAsync(new Uri(route, UriKind.Relative)));
            answers.WriteByte((byte)'\n');
        }

        return answers.ToArray();
    }

    private static string Go(string name) => TestData.File(name + ".pb.gz");
}
