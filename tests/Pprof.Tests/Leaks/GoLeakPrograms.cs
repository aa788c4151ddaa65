using System.Diagnostics;
using Pprof.Tests.Support;

namespace Pprof.Tests.Leaks;

/// <summary>
/// tests/TestApps/GoLeaks built once with the Go on the PATH, and each of its scenarios run once into a temporary
/// folder: real series of Go heap and goroutine profiles (and gctrace lines) of leaks and their look-alikes.
/// Without Go the tests fail and say so: CI installs it (.ci/run).
/// </summary>
public sealed class GoLeakPrograms : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly Lazy<string> _binary;
    private readonly Dictionary<string, Lazy<Run>> _runs = new(StringComparer.Ordinal);

    public GoLeakPrograms()
    {
        Directory = Path.Combine(Path.GetTempPath(), "goleaks-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        _binary = new Lazy<string>(Build);
    }

    /// <summary>The scenario's profiles and what it wrote to standard error (gctrace lines, with <c>gctrace: true</c>).</summary>
    public sealed record Run(string[] Profiles, string Stderr);

    public string Directory { get; }

    /// <summary>The files of one scenario's series, in the order they were written (their names sort in time order).</summary>
    public string[] Profiles(string scenario) => RunOf(scenario, gctrace: false).Profiles;

    /// <summary>The scenario run again with <c>GODEBUG=gctrace=1</c>: its gctrace lines as a file, and its profiles.</summary>
    public (string GcTrace, string[] Profiles) WithGcTrace(string scenario)
    {
        var run = RunOf(scenario, gctrace: true);
        var path = Path.Combine(Directory, scenario + ".gctrace.txt");
        lock (_runs)
        {
            File.WriteAllText(path, run.Stderr);
        }

        return (path, run.Profiles);
    }

    private Run RunOf(string scenario, bool gctrace)
    {
        Lazy<Run> run;
        lock (_runs)
        {
            var key = scenario + (gctrace ? "+gctrace" : "");
            if (!_runs.TryGetValue(key, out run!))
            {
                _runs[key] = run = new Lazy<Run>(() => Execute(scenario, gctrace));
            }
        }

        return run.Value;
    }

    private Run Execute(string scenario, bool gctrace)
    {
        var output = Path.Combine(Directory, scenario + (gctrace ? ".gctrace" : ""));
        var environment = new Dictionary<string, string>();
        if (gctrace)
        {
            environment["GODEBUG"] = "gctrace=1";
        }

        var (_, stderr) = Start(_binary.Value, ["-case", scenario, "-out", output], null, environment);
        return new Run([.. System.IO.Directory.GetFiles(output).Order(StringComparer.Ordinal)], stderr);
    }

    private string Build()
    {
        var source = Path.Combine(TestData.RepositoryRoot, "tests", "TestApps", "GoLeaks");
        var binary = Path.Combine(Directory, "goleaks");
        var environment = new Dictionary<string, string> { ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod", ["CGO_ENABLED"] = "0" };
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("GOCACHE")))
        {
            // Without HOME, go has no default cache; one under the temporary folder serves every run.
            environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "dotnet-pprof-tests-gocache");
        }

        Start("go", ["build", "-o", binary, "."], source, environment);
        return binary;
    }

    private static (string Stdout, string Stderr) Start(string program, string[] args, string? directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? "",
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException(
                $"cannot run {program} ({error.Message}): these tests build and run the Go programs in tests/TestApps/GoLeaks; install Go 1.19 (.ci/run does)", error);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Timeout}");
            }

            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
            return (stdout.Result, stderr.Result);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
