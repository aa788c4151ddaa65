using System.Diagnostics;

namespace Pprof.CollectorBench;

/// <summary>This program started again in one of its target modes; killed when disposed.</summary>
internal sealed class TargetProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(5);
    private readonly Process _process;

    private TargetProcess(Process process, string readyLine)
    {
        _process = process;
        ReadyLine = readyLine;
    }

    public int Id => _process.Id;

    /// <summary>The line, starting with "ready", that the target printed once set up.</summary>
    public string ReadyLine { get; }

    public StreamReader Output => _process.StandardOutput;

    public static TargetProcess Start(params string[] args)
    {
        var start = Dotnet.StartInfo(Path.Combine(AppContext.BaseDirectory, "Pprof.CollectorBench.dll"), args);
        start.RedirectStandardInput = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the target did not start");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(ReadyTimeout) || ready.Result?.StartsWith("ready", StringComparison.Ordinal) != true)
        {
            process.Kill();
            throw new InvalidOperationException($"the target {string.Join(' ', args)} did not get ready");
        }

        return new TargetProcess(process, ready.Result);
    }

    /// <summary>VmRSS, from /proc.</summary>
    public long ResidentBytes() => Dotnet.ProcStatusBytes(_process.Id, "VmRSS:");

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
