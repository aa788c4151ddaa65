using System.Diagnostics;
using Pprof.Tests.Collector;

namespace Pprof.Tests.AspNetCore;

/// <summary>
/// Runs <c>dotnet-pprof</c> and <c>go tool pprof</c> as processes against URLs, as a user would; both save what they
/// fetch under <c>PPROF_TMPDIR</c>, a scratch folder of this object's, rather than under <c>~/pprof</c>.
/// </summary>
public sealed class PprofCommands : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _saved = Directory.CreateTempSubdirectory("pprof-aspnetcore-").FullName;

    public void Dispose() => Directory.Delete(_saved, recursive: true);

    public CliRun DotnetPprof(params string[] args) =>
        Run(CollectorCli.DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"), .. args]);

    public CliRun GoToolPprof(params string[] args) => Run("go", ["tool", "pprof", .. args]);

    /// <summary>The file a run saved its fetched profile in, from its "Saved profile in PATH" line.</summary>
    public static string SavedProfile(CliRun run) =>
        run.StderrLines.Select(line => line.Trim()).LastOrDefault(line => line.StartsWith("Saved profile in ", StringComparison.Ordinal))
            ?["Saved profile in ".Length..]
        ?? throw new InvalidOperationException("no profile was saved: " + run.Stderr);

    private CliRun Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["PPROF_TMPDIR"] = _saved, ["TZ"] = "UTC", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Timeout}");
        }

        var run = new CliRun(process.ExitCode, stdout.Result, stderr.Result);
        Assert.True(run.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {run.ExitCode}: {run.Stderr}");
        return run;
    }
}
