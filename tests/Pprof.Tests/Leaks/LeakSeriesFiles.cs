namespace Pprof.Tests.Leaks;

/// <summary>The scenarios' series written once to a temporary folder for the tests that run the CLI on files.</summary>
public sealed class LeakSeriesFiles : IDisposable
{
    public LeakSeriesFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "leaks-series-" + Guid.NewGuid().ToString("N"));
        Snapshots = LeakScenarios.Write(Directory, "shop.heap", LeakScenarios.DotnetSnapshots());
        GoHeaps = LeakScenarios.Write(Directory, "go.heap", LeakScenarios.GoHeaps());
        GoGoroutines = LeakScenarios.Write(Directory, "go.goroutine", LeakScenarios.GoGoroutines());
    }

    public string Directory { get; }
    public string[] Snapshots { get; }
    public string[] GoHeaps { get; }
    public string[] GoGoroutines { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
