using Pprof.Tests.Support;

namespace Pprof.Tests.Web;

/// <summary>A server compared against a base: <c>dotnet-pprof -http=127.0.0.1:0 -no_browser -diff_base=BEFORE AFTER</c>.</summary>
public sealed class DiffWebUi : IDisposable
{
    public static readonly string Before = TestData.File("gobmap.heap.0.pb.gz");

    public static readonly string After = TestData.File("gobmap.heap.4.pb.gz");

    public WebUiProcess Server { get; } = new("-diff_base=" + Before, After);

    public void Dispose() => Server.Dispose();
}

/// <summary>A server on a series of heap profiles of one process, taken minutes apart: the leaks view's input.</summary>
public sealed class SeriesWebUi : IDisposable
{
    public static readonly string[] Files = [.. Enumerable.Range(0, 5).Select(i => TestData.File($"gobmap.heap.{i}.pb.gz"))];

    public WebUiProcess Server { get; } = new(Files);

    public void Dispose() => Server.Dispose();
}
