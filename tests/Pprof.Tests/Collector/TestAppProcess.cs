using System.Diagnostics;

namespace Pprof.Tests.Collector;

/// <summary>A test app of the build output, started and killed by a fixture, ready when it prints so.</summary>
public sealed class TestAppProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    /// <param name="app">The app's assembly name, such as <c>LeakyApp</c>.</param>
    /// <param name="environment">Variables to set for the app, such as <c>DOTNET_gcServer</c>.</param>
    /// <param name="directory">Where the app's files are: the test binaries' folder unless said.</param>
    public TestAppProcess(string app, string[] args, IReadOnlyDictionary<string, string>? environment = null, string? directory = null)
    {
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory ?? AppContext.BaseDirectory, $"{app}.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"{app} did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(StartTimeout) || ready.Result != "ready")
        {
            Dispose();
            throw new InvalidOperationException($"{app} did not print ready within {StartTimeout}");
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Writes a line to the app's stdin and waits for the line it answers (ClassicLeaksApp: ticks to do).</summary>
    public string Ask(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
        var answer = _process.StandardOutput.ReadLineAsync();
        Assert.True(answer.Wait(StartTimeout), $"the test app did not answer {line} within {StartTimeout}");
        return answer.Result ?? throw new InvalidOperationException($"the test app exited instead of answering {line}");
    }

    /// <summary>Tells an app started with <c>--exit-on-input</c> to exit, and waits until it has.</summary>
    public void Exit()
    {
        _process.StandardInput.WriteLine("exit");
        _process.StandardInput.Flush();
        Assert.True(_process.WaitForExit(TimeSpan.FromMinutes(1)), "the test app did not exit when told");
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
