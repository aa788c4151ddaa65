using Pprof.Tests.Support;

namespace Pprof.Tests.Collector;

/// <summary>
/// <c>collect allocs</c> and <c>collect heap --alloc-stacks</c> against InliningApp: each allocating method is inlined
/// into its caller, and still shows as a frame of its own, with its own source line, as <c>go tool pprof</c> shows
/// inlined Go functions.
/// </summary>
public sealed class InlinedFramesTests(InliningAppFixture app) : IClassFixture<InliningAppFixture>, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-inlined-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string[]> Collections => new()
    {
        { ["allocs"] },
        { ["heap", "--alloc-stacks"] },
    };

    [Theory]
    [MemberData(nameof(Collections))]
    public void Inlined_helpers_are_frames_with_their_own_lines(string[] collection)
    {
        var output = Path.Combine(_scratch, "inlined.pb.gz");

        var run = CollectorCli.Run(["collect", .. collection, "-p", $"{app.ProcessId}", "--duration", "4s", "-o", output]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var top = CollectorCli.ReportRows(output, "-top", "-cum", "-sample_index=alloc_space", "-nodecount=40");
        var lines = CollectorCli.ReportRows(output, "-top", "-cum", "-lines", "-sample_index=alloc_space", "-nodecount=40");
        var traces = CollectorCli.Report(output, "-traces", "-sample_index=alloc_space");
        var goTop = CollectorCli.GoToolPprof(output, "-top", "-cum", "-lines", "-sample_index=alloc_space", "-nodecount=40");
        foreach (var (method, file, marker) in Helpers)
        {
            Assert.Contains($"{method} (inline)", top);
            var line = Line(file, marker);
            Assert.Contains($"{method} {SourcePath(file)}:{line} (inline)", lines);
            Assert.Contains($"{method} {SourcePath(file)}:{line} (inline)", goTop, StringComparison.Ordinal);
            Assert.Contains(method, traces, StringComparison.Ordinal);
        }

        // The inlinee comes before the method it was inlined into in a trace: the allocating helper is the leaf.
        var quote = Assert.Single(Traces(traces), trace => trace.Contains("InliningApp.QuoteCache.BuildQuote", StringComparison.Ordinal));
        Assert.True(quote.IndexOf("QuoteCache.BuildQuote", StringComparison.Ordinal) < quote.IndexOf("QuoteCache.Remember", StringComparison.Ordinal)
            && quote.IndexOf("QuoteCache.Remember", StringComparison.Ordinal) < quote.IndexOf("<Refresh>d__1.MoveNext", StringComparison.Ordinal), quote);
    }

    private static readonly (string Method, string File, string Marker)[] Helpers =
    [
        ("InliningApp.Subscriber..ctor", "Subscriber.cs", "new byte["),
        ("InliningApp.QuoteCache.Remember", "QuoteCache.cs", "Quotes[round] = BuildQuote"),
        ("InliningApp.QuoteCache.BuildQuote", "QuoteCache.cs", "new char["),
        ("InliningApp.Label.For", "Label.cs", "new(Spread(round))"),
        ("InliningApp.Label.Spread", "Label.cs", "new int["),
    ];

    private static string SourcePath(string file) => Path.Combine(TestData.RepositoryRoot, "tests", "TestApps", "InliningApp", file);

    private static int Line(string file, string marker) =>
        Array.FindIndex(File.ReadAllLines(SourcePath(file)), line => line.Contains(marker, StringComparison.Ordinal)) + 1;

    private static IEnumerable<string> Traces(string report) =>
        report.Split("-----------+-------------------------------------------------------").Skip(1);
}
