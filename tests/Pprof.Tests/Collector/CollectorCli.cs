using System.Diagnostics;
using Pprof.Driver;
using Pprof.Tests.Support;

namespace Pprof.Tests.Collector;

/// <summary>Runs the built <c>dotnet-pprof</c> as a user would, and reads back what it wrote.</summary>
public static class CollectorCli
{
    /// <summary>Generous: on a loaded machine a series of snapshots takes many times its usual 15 s.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static CliRun Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI with these environment variables set, as secrets are given to it.</summary>
    public static CliRun RunWith(Dictionary<string, string> environment, params string[] args)
    {
        using var process = Start(environment, args);
        return Finish(process, args);
    }

    /// <summary>Starts the CLI without waiting, for tests that signal it.</summary>
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private static Process Start(Dictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["TZ"] = "UTC", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dotnet-pprof.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet-pprof did not start");
    }

    /// <summary>
    /// Waits until the CLI records a trace with events in it: its .nettrace file (open in <c>/proc/PID/fd</c>) has
    /// grown past what the runtime writes when the session starts. Then a collection is under way.
    /// </summary>
    public static void WaitUntilTracing(Process cli)
    {
        var deadline = DateTime.UtcNow + Timeout;
        long? first = null;
        while (DateTime.UtcNow < deadline && !cli.HasExited)
        {
            if (TraceBytes(cli.Id) is > 0 and var bytes)
            {
                first ??= bytes;
                if (bytes > first)
                {
                    return;
                }
            }

            cli.WaitForExit(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"dotnet-pprof (process {cli.Id}) recorded no events within {Timeout}");
    }

    private static long? TraceBytes(int processId)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd")
                .Select(descriptor => new FileInfo(descriptor).LinkTarget)
                .Where(target => target?.EndsWith(".nettrace", StringComparison.Ordinal) == true)
                .Select(target => (long?)new FileInfo(target!).Length)
                .FirstOrDefault();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The process exited, or closed the file, while we looked.
            return null;
        }
    }

    public static CliRun Finish(Process process, IEnumerable<string> args)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet-pprof {string.Join(' ', args)} did not finish within {Timeout}; its standard error so far:\n{stderr.Result}");
        }

        var run = new CliRun(process.ExitCode, stdout.Result, stderr.Result);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        return run;
    }

    /// <summary>What our pprof prints for these flags.</summary>
    public static string Report(string profile, params string[] flags)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        Assert.True(PprofDriver.Run([.. flags, profile], stdout, stderr) == 0, stderr.ToString());
        return System.Text.Encoding.UTF8.GetString(stdout.ToArray());
    }

    /// <summary>The function names of a pprof text report's rows, in order (for example of <c>-top -cum</c>).</summary>
    public static List<string> ReportRows(string profile, params string[] flags) => ReportText.Rows(Report(profile, flags));

    /// <summary>What <c>go tool pprof</c> prints for these flags, after checking that it read the file.</summary>
    public static string GoToolPprof(string profile, params string[] flags)
    {
        var start = new ProcessStartInfo("go", ["tool", "pprof", .. flags, profile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TZ"] = "UTC" },
        };
        Process? started = null;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            Assert.Fail($"this test needs `go tool pprof` (Go 1.19.8) on PATH, and `go` cannot be started: {error.Message}");
        }

        using var process = started ?? throw new InvalidOperationException("cannot start go");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(Timeout), "go tool pprof did not finish");
        Assert.True(process.ExitCode == 0, $"go tool pprof {string.Join(' ', flags)} {profile}: {errors.Result}");
        return output;
    }

    /// <summary>The dotnet host running the tests, so that the CLI and LeakyApp run on the same runtime.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
