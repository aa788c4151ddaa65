using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.CollectorBench;

/// <summary>
/// (b) What <c>collect heap</c> costs on a heap of about a gigabyte: its wall time next to the runtime's own walk
/// (the induced GC, start to end, as the profile's comment tells), and the collector's peak resident memory (GNU
/// time's %M) next to the heap's size.
/// </summary>
internal static partial class HeapSnapshotCost
{
    public static void Measure(int runs, int heapMegabytes)
    {
        using var target = TargetProcess.Start("heap-target", $"{heapMegabytes}");
        var heapBytes = long.Parse(target.ReadyLine.Split(' ')[1], CultureInfo.InvariantCulture);
        Console.WriteLine();
        var resident = target.ResidentBytes() / 1024.0 / 1024;
        Console.WriteLine($"(b) collect heap on an app with a {heapBytes / 1024.0 / 1024:0} MB GC heap (RSS {resident:0} MB)");
        Console.WriteLine();
        Console.WriteLine("| run | objects | runtime's walk | collect heap, wall | wall − walk | collector's peak RSS |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            var output = Path.Combine(Path.GetTempPath(), $"collector-bench-{Environment.ProcessId}.heap.pb.gz");
            var times = Path.GetTempFileName();
            var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
            string[] collect = [Dotnet.Host, Dotnet.Pprof, "collect", "heap", "-p", $"{target.Id}", "-o", output, "-d", "10m"];
            foreach (var arg in (string[])["-f", "%e %M", "-o", times, .. collect])
            {
                start.ArgumentList.Add(arg);
            }

            using (var collector = Process.Start(start)!)
            {
                var errors = collector.StandardError.ReadToEndAsync();
                collector.WaitForExit();
                if (collector.ExitCode != 0)
                {
                    throw new InvalidOperationException($"collect heap failed: {errors.Result}");
                }
            }

            var fields = File.ReadAllText(times).Trim().Split(' ');
            var wall = double.Parse(fields[0], CultureInfo.InvariantCulture);
            var peakMegabytes = long.Parse(fields[1], CultureInfo.InvariantCulture) / 1024.0;
            var comments = string.Join('\n', ProfileSource.Load(output).Comments);
            var walk = double.Parse(Walk().Match(comments).Groups[1].Value, CultureInfo.InvariantCulture);
            var objects = long.Parse(Objects().Match(comments).Groups[1].Value, CultureInfo.InvariantCulture);
            Console.WriteLine($"| {run} | {objects:N0} | {walk:0.00} s | {wall:0.00} s | {wall - walk:0.00} s | {peakMegabytes:0} MB |");
            File.Delete(output);
            File.Delete(times);
        }
    }

    [GeneratedRegex(@"walked the heap in ([0-9.]+) s")]
    private static partial Regex Walk();

    [GeneratedRegex(@": ([0-9]+) live objects")]
    private static partial Regex Objects();
}
