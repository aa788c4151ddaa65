namespace Pprof.Tests.Collector;

/// <summary>One LeakyApp process for the collector tests, started once and killed after them, ready when it says so.</summary>
public sealed class LeakyAppFixture : IDisposable
{
    private readonly TestAppProcess _process;

    public LeakyAppFixture()
        : this([])
    {
    }

    /// <summary>A LeakyApp of its own, started with these arguments (such as <c>--exit-on-input</c>).</summary>
    internal LeakyAppFixture(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        _process = new TestAppProcess("LeakyApp", args, environment);

    public int ProcessId => _process.ProcessId;

    /// <summary>Tells a LeakyApp started with <c>--exit-on-input</c> to exit, and waits until it has.</summary>
    public void Exit() => _process.Exit();

    public void Dispose() => _process.Dispose();
}
