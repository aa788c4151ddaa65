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

    [Fact]
    public void The_views_the_docs_suggest_name_each_leaks_method_and_holder_in_their_first_rows()
    {
        var allocs = Path.Combine(_scratch, "leaks.allocs.pb.gz");
        var heap = Path.Combine(_scratch, "leaks.heap.pb.gz");

        var allocsRun = CollectorCli.Run("collect", "allocs", "-p", $"{app.ProcessId}", "--duration", "4s", "-o", allocs);
        var heapRun = CollectorCli.Run("collect", "heap", "-p", $"{app.ProcessId}", "-o", heap);

        Assert.True(allocsRun.ExitCode == 0, allocsRun.Stderr);
        Assert.True(heapRun.ExitCode == 0, heapRun.Stderr);
        var allocating = CollectorCli.ReportRows(allocs, "-top").Take(8).ToList();
        foreach (var method in (string[])["Headers.ReadBuffer", "Subscriber..ctor", "QuoteCache.BuildQuote", "Label.Spread", "Connection..ctor"])
        {
            Assert.True(allocating.Any(row => row.StartsWith($"InliningApp.{method} ", StringComparison.Ordinal)),
                $"{method} is not in the first rows of -top:\n{string.Join('\n', allocating)}");
        }

        // Retained space is the heap's default: each leak's static is a row, next to the collection it holds.
        var holders = CollectorCli.ReportRows(heap, "-top", "-cum").Take(10).ToList();
        foreach (var holder in (string[])["Headers.Kept", "QuoteCache.Quotes", "EventBus.Subscribers", "Connections.Open", "Labels.All"])
        {
            Assert.True(holders.Any(row => row.StartsWith($"[static] InliningApp.{holder}: ", StringComparison.Ordinal)),
                $"{holder} is not in the first rows of -top -cum:\n{string.Join('\n', holders)}");
        }

        Assert.StartsWith("[static] InliningApp.", holders[1], StringComparison.Ordinal);
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
