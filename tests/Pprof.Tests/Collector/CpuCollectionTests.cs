using System.Diagnostics;
using System.Runtime.CompilerServices;
using Pprof.Profiles;
using Pprof.Sources;

namespace Pprof.Tests.Collector;

/// <summary><c>collect cpu</c> against the test process itself, while one of its threads spins in a known method.</summary>
public sealed class CpuCollectionTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pprof-cpu-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void A_spinning_thread_takes_the_cpu_time()
    {
        var output = Path.Combine(_scratch, "self.cpu.pb.gz");
        using var stop = new CancellationTokenSource();
        var spinner = new Thread(() => Spin(stop.Token)) { IsBackground = true };
        spinner.Start();
        CliRun run;
        try
        {
            run = CollectorCli.Run("collect", "cpu", "-p", $"{Environment.ProcessId}", "--duration", "2s", "-o", output);
        }
        finally
        {
            stop.Cancel();
            spinner.Join();
        }

        Assert.True(run.ExitCode == 0, run.Stderr);
        var profile = ProfileReader.ReadFile(output);
        Assert.Equal(["samples/count", "cpu/nanoseconds"], profile.SampleTypes.Select(t => t.ToString()));
        var spinning = TimeIn(profile, typeof(CpuCollectionTests).FullName + "." + nameof(Spin));
        // The sampler sees the spinning thread in managed code whenever it looks, preempted or not: most of the
        // profile's own duration, however busy the machine.
        var duration = TimeSpan.FromTicks(profile.DurationNanos / 100);
        Assert.True(spinning >= duration * 0.4, $"only {spinning} of {duration} in Spin");
        Assert.Contains(nameof(Spin), CollectorCli.GoToolPprof(output, "-top"), StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Spin(CancellationToken stop)
    {
        long x = 0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                x = (x * 31) + i;
            }
        }

        return x;
    }

    /// <summary>The cpu time of the samples whose leaf frame is <paramref name="function"/>.</summary>
    private static TimeSpan TimeIn(Profile profile, string function)
    {
        long nanoseconds = 0;
        var cursor = profile.Samples.GetCursor();
        while (cursor.MoveNext())
        {
            if (cursor.Stack.Length > 0 && profile.Locations[cursor.Stack[0]].Lines[0].Function?.Name == function)
            {
                nanoseconds += cursor.Values[1];
            }
        }

        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
