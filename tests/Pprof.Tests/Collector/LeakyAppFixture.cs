using System.Diagnostics;

namespace Pprof.Tests.Collector;

/// <summary>One LeakyApp process for the collector tests, started once and killed after them, ready when it says so.</summary>
public sealed class LeakyAppFixture : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    public LeakyAppFixture()
        : this([])
    {
    }

    /// <summary>A LeakyApp of its own, started with these arguments (such as <c>--exit-on-input</c>).</summary>
    internal LeakyAppFixture(string[] args)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LeakyApp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("LeakyApp did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(StartTimeout) || ready.Result != "ready")
        {
            Dispose();
            throw new InvalidOperationException($"LeakyApp did not print ready within {StartTimeout}");
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Tells a LeakyApp started with <c>--exit-on-input</c> to exit, and waits until it has.</summary>
    public void Exit()
    {
        _process.StandardInput.WriteLine("exit");
        _process.StandardInput.Flush();
        Assert.True(_process.WaitForExit(TimeSpan.FromMinutes(1)), "LeakyApp did not exit when told");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
