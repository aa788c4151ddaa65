using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>A tool that traces the target for a while, started as a user starts it.</summary>
/// <param name="Name">How the figures name it, such as <c>collect allocs</c>.</param>
internal sealed record Tracer(string Name, Func<int, TimeSpan, string, ProcessStartInfo> StartInfo)
{
    /// <summary>AllocationSampling, Loader, Jit and JittedMethodILToNativeMap: what <c>collect allocs</c> enables.</summary>
    private const string AllocationKeywords = "0x80000020018";

    public static Tracer Pprof(params string[] collection) => new(
        $"dotnet-pprof collect {string.Join(' ', collection)}",
        (processId, duration, output) => Dotnet.StartInfo(Dotnet.Pprof,
            ["collect", .. collection, "-p", $"{processId}", "-d", Seconds(duration), "-o", output + ".pb.gz"]));

    /// <summary>dotnet-trace with the runtime keywords of <c>collect allocs</c>, at the same level, with its rundown.</summary>
    public static Tracer DotnetTraceAllocations() =>
        DotnetTrace("dotnet-trace, allocation sampling", $"Microsoft-Windows-DotNETRuntime:{AllocationKeywords}:5");

    /// <summary>dotnet-trace with the sample profiler that <c>collect cpu</c> and <c>collect threads</c> read.</summary>
    public static Tracer DotnetTraceThreadSamples() =>
        DotnetTrace("dotnet-trace, thread samples", "Microsoft-DotNETCore-SampleProfiler:0:4");

    /// <summary>Restores the benchmark's local tools (dotnet-trace, dotnet-tools.json) from NuGet.</summary>
    public static void RestoreTools()
    {
        var restore = new ProcessStartInfo(Dotnet.Host, ["tool", "restore"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(restore)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed: {output.Result}{errors}");
        }
    }

    private static Tracer DotnetTrace(string name, string providers) => new(name, (processId, duration, output) =>
        new ProcessStartInfo(Dotnet.Host,
            ["dotnet-trace", "collect", "-p", $"{processId}", "--providers", providers, "--duration", Timespan(duration), "-o", output + ".nettrace"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";

    private static string Timespan(TimeSpan duration) => duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture);
}
