using System.Diagnostics;
using System.Globalization;

namespace Pprof.CollectorBench;

/// <summary>Reads the allocation target's "OPS BYTES" lines as they come, each noted with the time it arrived.</summary>
internal sealed class OperationCounter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan Time, long Operations, long Bytes, TimeSpan Cpu)> _reports = [];
    private readonly int _processId;

    public OperationCounter(StreamReader output, int processId)
    {
        _processId = processId;
        Task.Run(() => Read(output));
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// The rates between the first report at or after <paramref name="from"/> and the last at or before
    /// <paramref name="to"/>.
    /// </summary>
    public Rate Between(TimeSpan from, TimeSpan to)
    {
        lock (_reports)
        {
            var first = _reports.First(r => r.Time >= from);
            var last = _reports.Last(r => r.Time <= to);
            var seconds = (last.Time - first.Time).TotalSeconds;
            var operations = last.Operations - first.Operations;
            return new Rate(operations / seconds, (last.Bytes - first.Bytes) / seconds,
                (last.Cpu - first.Cpu).TotalMicroseconds / operations);
        }
    }

    private async Task Read(StreamReader output)
    {
        while (await output.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ');
            var operations = long.Parse(fields[0], CultureInfo.InvariantCulture);
            var report = (_clock.Elapsed, operations, long.Parse(fields[1], CultureInfo.InvariantCulture), Dotnet.CpuTime(_processId));
            lock (_reports)
            {
                _reports.Add(report);
            }
        }
    }
}
