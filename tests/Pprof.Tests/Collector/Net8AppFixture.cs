using System.Diagnostics;
using Pprof.Tests.Support;

namespace Pprof.Tests.Collector;

/// <summary>
/// Net8App, published self-contained for .NET 8 (the runtime comes from NuGet) into a scratch folder, started once
/// for the tests of older runtimes and killed after them.
/// </summary>
public sealed class Net8AppFixture : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("pprof-net8app-").FullName;
    private readonly Process _process;

    public Net8AppFixture()
    {
        Publish();
        var start = new ProcessStartInfo(Path.Combine(_folder, "Net8App"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Net8App did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(StartTimeout) || ready.Result?.StartsWith("ready 8.", StringComparison.Ordinal) != true)
        {
            Dispose();
            throw new InvalidOperationException($"Net8App did not print ready on .NET 8 within {StartTimeout}");
        }
    }

    public int ProcessId => _process.Id;

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Publish()
    {
        var project = Path.Combine(TestData.RepositoryRoot, "tests", "TestApps", "Net8App", "Net8App.csproj");
        var start = new ProcessStartInfo(CollectorCli.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["publish", project, "-c", "Release", "-o", _folder, "-nodeReuse:false", "--disable-build-servers"])
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var errors = publish.StandardError.ReadToEndAsync();
        var output = publish.StandardOutput.ReadToEnd();
        if (!publish.WaitForExit(PublishTimeout) || publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed:\n{output}\n{errors.Result}");
        }
    }
}
