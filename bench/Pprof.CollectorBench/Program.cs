using System.Globalization;
using Pprof.CollectorBench;

// The same program is the benchmark and, started by it, the apps it measures.
switch (args)
{
    case ["alloc-target", var hashes]:
        AllocationTarget.Run(int.Parse(hashes, CultureInfo.InvariantCulture));
        return 0;
    case ["heap-target", var megabytes]:
        HeapTarget.Run(long.Parse(megabytes, CultureInfo.InvariantCulture) * 1024 * 1024);
        return 0;
    case []:
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Tracer.RestoreTools();
        Tracer[] allocationTracers = [Tracer.Pprof("allocs"), Tracer.DotnetTraceAllocations(), Tracer.Pprof("heap", "--alloc-stacks")];
        Tracer[] sampleTracers = [Tracer.Pprof("cpu"), Tracer.DotnetTraceThreadSamples()];
        AllocationOverhead.Measure(hashes: 0, rounds: 5, window: TimeSpan.FromSeconds(5), allocationTracers);
        AllocationOverhead.Measure(hashes: 160, rounds: 5, window: TimeSpan.FromSeconds(5), allocationTracers);
        AllocationOverhead.Measure(hashes: 0, rounds: 5, window: TimeSpan.FromSeconds(5), sampleTracers);
        HeapSnapshotCost.Measure(runs: 2, heapMegabytes: 1024);
        return 0;
    case ["overhead", .. var rest]:
        var rounds = rest is [var count] ? int.Parse(count, CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Tracer.RestoreTools();
        var window = TimeSpan.FromSeconds(4);
        AllocationOverhead.Measure(hashes: 0, rounds, window, Tracer.Pprof("allocs"), Tracer.DotnetTraceAllocations());
        AllocationOverhead.Measure(hashes: 0, rounds, window, Tracer.Pprof("threads"), Tracer.DotnetTraceThreadSamples());
        AllocationOverhead.Measure(hashes: 0, rounds, window, Tracer.Pprof("cpu"), Tracer.DotnetTraceThreadSamples());
        Console.WriteLine($"ended {DateTime.UtcNow:HH:mm} UTC");
        return 0;
    default:
        Console.Error.WriteLine("usage: Pprof.CollectorBench [overhead [ROUNDS] | alloc-target HASHES | heap-target MEGABYTES]");
        return 2;
}
